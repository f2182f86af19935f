package dev.ferry.sandbox.aws;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The flattened parameters of a Query or EC2 request. Lists arrive as {@code Prefix.N.Field} (EC2),
 * {@code Prefix.member.N.Field} or {@code Prefix.MemberName.N.Field} (Query); {@link #members} reads all three.
 */
final class QueryParams {
    private static final Pattern MEMBER = Pattern.compile("(?:[A-Za-z]+\\.)?(\\d+)(?:\\.(.*))?");

    private final Map<String, String> params;

    QueryParams(Map<String, String> params) {
        this.params = params;
    }

    String get(String name) {
        String value = params.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    String get(String name, String fallback) {
        String value = get(name);
        return value == null ? fallback : value;
    }

    String require(String name) {
        String value = get(name);
        if (value == null) {
            throw AwsException.badRequest("MissingParameter", "The request must contain the parameter " + name);
        }
        return value;
    }

    int integer(String name, int fallback) {
        String value = get(name);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw AwsException.badRequest("InvalidParameterValue", "Invalid value for " + name + ": " + value);
        }
    }

    Integer integerOrNull(String name) {
        return get(name) == null ? null : integer(name, 0);
    }

    boolean bool(String name, boolean fallback) {
        String value = get(name);
        return value == null ? fallback : Boolean.parseBoolean(value);
    }

    Boolean boolOrNull(String name) {
        return get(name) == null ? null : bool(name, false);
    }

    /** The members of the list {@code prefix}, in index order, each as its own parameters. */
    List<QueryParams> members(String prefix) {
        Map<Integer, Map<String, String>> byIndex = new TreeMap<>();
        String start = prefix + ".";
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (!e.getKey().startsWith(start)) {
                continue;
            }
            Matcher m = MEMBER.matcher(e.getKey().substring(start.length()));
            if (m.matches()) {
                String rest = m.group(2) == null ? "" : m.group(2);
                byIndex.computeIfAbsent(Integer.parseInt(m.group(1)), i -> new LinkedHashMap<>()).put(rest, e.getValue());
            }
        }
        List<QueryParams> members = new ArrayList<>();
        byIndex.values().forEach(p -> members.add(new QueryParams(p)));
        return members;
    }

    /** The values of a list of strings. */
    List<String> values(String prefix) {
        List<String> values = new ArrayList<>();
        members(prefix).forEach(m -> values.add(m.params.getOrDefault("", "")));
        return values;
    }

    /** A list of {Key, Value} structures (RDS/ElastiCache/ELB: Key/Value; EC2: Key/Value too). */
    Map<String, String> tags(String prefix) {
        Map<String, String> tags = new LinkedHashMap<>();
        members(prefix).forEach(m -> tags.put(m.require("Key"), m.get("Value", "")));
        return tags;
    }
}
