package dev.ferry.plan;

import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Converts YAML nodes to typed values, reporting a located problem (and returning null) when they do not fit. */
final class Values {
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d+");
    private static final Pattern DURATION = Pattern.compile("(?:(\\d{1,9})h)?(?:(\\d{1,9})m)?(?:(\\d{1,9})s)?");

    private final LoadContext ctx;

    Values(LoadContext ctx) {
        this.ctx = ctx;
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    /** How a value reads in a message: quoted scalars (shortened), "a map", "a list". */
    static String describe(Node node) {
        if (node.getNodeId() == NodeId.mapping) {
            return "a map";
        }
        if (node.getNodeId() == NodeId.sequence) {
            return ((SequenceNode) node).getValue().isEmpty() ? "an empty list" : "a list";
        }
        if (isNull(node)) {
            return "nothing";
        }
        return quote(((ScalarNode) node).getValue());
    }

    static String quote(String text) {
        return "'" + (text.length() > 40 ? text.substring(0, 37) + "..." : text) + "'";
    }

    String text(Node node, String label) {
        if (!(node instanceof ScalarNode scalar)) {
            ctx.problem(node, label + " must be a string, got " + describe(node));
            return null;
        }
        return ctx.interpolate(node, scalar.getValue());
    }

    Integer integer(Node node, String label, int min, int max) {
        String text = scalarText(node, label, "an integer");
        if (text == null) {
            return null;
        }
        if (!INTEGER.matcher(text.trim()).matches()) {
            ctx.problem(node, label + " must be an integer, got " + quote(text));
            return null;
        }
        BigInteger value = new BigInteger(text.trim());
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            ctx.problem(node, label + " must be " + range(min, max) + ", got " + value);
            return null;
        }
        return value.intValueExact();
    }

    Boolean bool(Node node, String label) {
        String text = scalarText(node, label, "true or false");
        if (text == null) {
            return null;
        }
        if (node.getTag().equals(Tag.BOOL) || text.equals("true") || text.equals("false")) {
            return text.equals("true") || (node.getTag().equals(Tag.BOOL) && isYamlTrue(text));
        }
        ctx.problem(node, label + " must be true or false, got " + quote(text));
        return null;
    }

    Duration duration(Node node, String label) {
        String text = scalarText(node, label, "a duration");
        if (text == null) {
            return null;
        }
        Matcher m = DURATION.matcher(text.trim());
        Duration value = m.matches() ? parts(m) : Duration.ZERO;
        if (value.isZero()) {
            ctx.problem(node, label + " must be a positive duration like 90s, 10m or 1h30m, got " + quote(text));
            return null;
        }
        return value;
    }

    List<String> stringList(Node node, String label) {
        if (!(node instanceof SequenceNode seq)) {
            ctx.problem(node, label + " must be a list of strings, got " + describe(node));
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Node item : seq.getValue()) {
            String s = text(item, "each item of " + label);
            if (s == null) {
                return null;
            }
            out.add(s);
        }
        return out;
    }

    private String scalarText(Node node, String label, String expected) {
        if (!(node instanceof ScalarNode scalar)) {
            ctx.problem(node, label + " must be " + expected + ", got " + describe(node));
            return null;
        }
        return ctx.interpolate(node, scalar.getValue());
    }

    private static boolean isYamlTrue(String text) {
        return List.of("true", "yes", "on", "y").contains(text.toLowerCase(java.util.Locale.ROOT));
    }

    private static Duration parts(Matcher m) {
        Duration d = Duration.ZERO;
        d = m.group(1) == null ? d : d.plusHours(Long.parseLong(m.group(1)));
        d = m.group(2) == null ? d : d.plusMinutes(Long.parseLong(m.group(2)));
        return m.group(3) == null ? d : d.plusSeconds(Long.parseLong(m.group(3)));
    }

    private static String range(int min, int max) {
        if (max == Integer.MAX_VALUE) {
            return "at least " + min;
        }
        return "from " + min + " to " + max;
    }
}
