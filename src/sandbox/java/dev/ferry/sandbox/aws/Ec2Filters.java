package dev.ferry.sandbox.aws;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** EC2 {@code Filter.N.Name / Filter.N.Value.M}: every filter must match one of its values; {@code *} is a wildcard. */
record Ec2Filters(List<QueryParams> filters) {

    static Ec2Filters of(QueryParams params) {
        return new Ec2Filters(params.members("Filter"));
    }

    boolean matches(Function<String, String> attribute, Map<String, String> tags) {
        for (QueryParams filter : filters) {
            String name = filter.require("Name");
            List<String> values = filter.values("Value");
            boolean match;
            if (name.startsWith("tag:")) {
                match = anyMatches(values, tags.get(name.substring(4)));
            } else if (name.equals("tag-key")) {
                match = tags.keySet().stream().anyMatch(k -> anyMatches(values, k));
            } else {
                match = anyMatches(values, attribute.apply(name));
            }
            if (!match) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyMatches(List<String> patterns, String actual) {
        if (actual == null) {
            return false;
        }
        return patterns.stream().anyMatch(p -> actual.matches(
                ("\\Q" + p + "\\E").replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q")));
    }
}
