package dev.ferry.plan;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One YAML mapping being read into the model. Every key the binder asks for becomes a known key; {@link #finish()}
 * then reports the keys nobody asked for, with a did-you-mean. Merge keys ({@code <<: *anchor}) are flattened as YAML
 * specifies: keys written in the map win over merged ones.
 */
final class YamlMap {
    private final LoadContext ctx;
    private final Values values;
    private final String path;
    private final Subject subject;
    private final String relative;
    private final Location at;
    private final Map<String, NodeTuple> entries;
    private final Set<String> known = new LinkedHashSet<>();
    private final Map<String, String> missing = new LinkedHashMap<>();

    private YamlMap(LoadContext ctx, String path, Subject subject, String relative, Location at, MappingNode node) {
        this.ctx = ctx;
        this.values = new Values(ctx);
        this.path = path;
        this.subject = subject;
        this.relative = relative;
        this.at = at;
        this.entries = flatten(node, true, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    /** Reads {@code node} as a map, or reports that it is not one. */
    static Optional<YamlMap> of(LoadContext ctx, String path, Location at, Node node, String expected) {
        if (node instanceof MappingNode mapping) {
            return Optional.of(new YamlMap(ctx, path, null, "", at, mapping));
        }
        ctx.problem(node, name(path) + " must be " + expected + ", got " + Values.describe(node));
        return Optional.empty();
    }

    /**
     * Reads the map of one named thing, such as an ECS service: its messages name it by {@code subject} ("cpu of ECS
     * service 'worker'") rather than by path, so an anchor shared by several of them is reported once.
     */
    static Optional<YamlMap> about(LoadContext ctx, String path, Subject subject, Location at, Node node,
                                   String expected) {
        if (node instanceof MappingNode mapping) {
            return Optional.of(new YamlMap(ctx, path, subject, "", at, mapping));
        }
        ctx.problem(node, subject.phrase() + " must be " + expected + ", got " + Values.describe(node));
        return Optional.empty();
    }

    String path() {
        return path;
    }

    Location location() {
        return at;
    }

    /** The entries in file order (merged ones after), for maps whose keys are names the user chooses. */
    Map<String, NodeTuple> entries() {
        return entries;
    }

    /** Marks a key as known without reading it (it is read some other way). */
    Optional<NodeTuple> claim(String key) {
        known.add(key);
        NodeTuple tuple = entries.get(key);
        return tuple == null || Values.isNull(tuple.getValueNode()) ? Optional.empty() : Optional.of(tuple);
    }

    /** The path of a key's value, under which its location is recorded. */
    String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** How messages name a key's value: its path, or "env.X of ECS service 'worker'" in a subject's map. */
    String label(String key) {
        return subject == null ? child(key) : below(key) + " of " + subject.phrase();
    }

    Optional<YamlMap> map(String key, boolean required, String expected) {
        return node(key, required).flatMap(t -> {
            Location keyAt = Location.of(t.getKeyNode().getStartMark());
            if (subject == null) {
                return of(ctx, child(key), keyAt, t.getValueNode(), expected);
            }
            if (t.getValueNode() instanceof MappingNode mapping) {
                return Optional.of(new YamlMap(ctx, child(key), subject, below(key), keyAt, mapping));
            }
            ctx.problem(t.getValueNode(), label(key) + " must be " + expected + ", got "
                    + Values.describe(t.getValueNode()));
            return Optional.empty();
        });
    }

    private String below(String key) {
        return relative.isEmpty() ? key : relative + "." + key;
    }

    String string(String key, boolean required, String fallback) {
        return read(key, required, fallback, (node, label) -> {
            String text = values.text(node, label);
            if (required && text != null && text.isBlank()) {
                ctx.problem(node, label + " is empty; it is required");
                return null;
            }
            return text;
        });
    }

    /**
     * Reads a string and reports why {@code rule} refuses it (the reason ends a sentence about the value); fields set
     * from one anchor share one report. Null when the value is missing or refused.
     */
    String checked(String key, boolean required, Function<String, Optional<String>> rule) {
        String value = string(key, required, null);
        Optional<String> why = value == null ? Optional.empty() : rule.apply(value);
        why.ifPresent(reason -> ctx.problem(ctx.at(child(key)).orElse(at), Subject.field(label(key)),
                "'" + value + "' in " + label(key) + " " + reason));
        return why.isEmpty() ? value : null;
    }

    /** Reads a string and reports which part of {@code rule} it breaks; the value is kept either way. */
    String named(String key, boolean required, NameRule rule) {
        String value = string(key, required, null);
        if (value != null) {
            rule.check(ctx, ctx.at(child(key)).orElse(at), label(key), value);
        }
        return value;
    }

    Integer integer(String key, Integer fallback, int min, int max) {
        return read(key, fallback == null, fallback, (node, label) -> values.integer(node, label, min, max));
    }

    Integer optionalInteger(String key, int min, int max) {
        return read(key, false, null, (node, label) -> values.integer(node, label, min, max));
    }

    Boolean bool(String key, boolean fallback) {
        return read(key, false, fallback, values::bool);
    }

    List<String> stringList(String key, boolean required) {
        return read(key, required, required ? null : List.of(), values::stringList);
    }

    Values values() {
        return values;
    }

    /** Reports {@code message} at this map when {@link #finish()} finds no misspelling of {@code key}. */
    void reportMissing(String key, String message) {
        known.add(key);
        missing.put(key, message);
    }

    /**
     * Reports every key that was never asked for, and every required key that is missing, except one that an unknown
     * key is a misspelling of: "did you mean 'envFile'?" already says it.
     */
    void finish() {
        for (NodeTuple tuple : entries.values()) {
            String key = ((ScalarNode) tuple.getKeyNode()).getValue();
            if (!known.contains(key) && !(path.isEmpty() && key.startsWith("x-"))) {
                DidYouMean.suggest(key, known).ifPresent(missing::remove);
                ctx.problem(tuple.getKeyNode(), "unknown key '" + key + "' " + where() + DidYouMean.hint(key, known));
            }
        }
        missing.values().forEach(message -> ctx.problem(at, message));
    }

    String where() {
        if (subject != null) {
            return "in " + (relative.isEmpty() ? "" : relative + " of ") + subject.phrase();
        }
        return path.isEmpty() ? "at the top level" : "in " + path;
    }

    private <T> T read(String key, boolean required, T fallback, BiFunction<Node, String, T> convert) {
        Optional<NodeTuple> tuple = node(key, required);
        if (tuple.isEmpty()) {
            return fallback;
        }
        T value = convert.apply(tuple.get().getValueNode(), label(key));
        if (value != null) {
            ctx.located(child(key), tuple.get().getValueNode());
        }
        return value;
    }

    private Optional<NodeTuple> node(String key, boolean required) {
        Optional<NodeTuple> tuple = claim(key);
        if (tuple.isEmpty() && required) {
            NodeTuple present = entries.get(key);
            if (present == null) {
                reportMissing(key, "missing required key '" + key + "' " + where());
            } else {
                ctx.problem(Location.of(present.getKeyNode().getStartMark()), "'" + key + "' " + where()
                        + " has no value; it is required");
            }
        }
        return tuple;
    }

    private static String name(String path) {
        return path.isEmpty() ? "the plan" : path;
    }

    private Map<String, NodeTuple> flatten(MappingNode node, boolean report, Set<Node> merging) {
        Map<String, NodeTuple> own = new LinkedHashMap<>();
        if (!merging.add(node)) {
            ctx.problem(node, "'<<' " + where() + " merges a map into itself; an anchor cannot be merged inside"
                    + " the map it names");
            return own;
        }
        Map<String, NodeTuple> merged = new LinkedHashMap<>();
        for (NodeTuple tuple : node.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (keyNode.getTag().equals(Tag.MERGE)) {
                mergeSources(tuple.getValueNode())
                        .forEach(m -> flatten(m, false, merging).forEach(merged::putIfAbsent));
            } else if (!(keyNode instanceof ScalarNode scalar)) {
                ctx.problem(keyNode, "keys must be plain words, got " + Values.describe(keyNode) + " as a key "
                        + where());
            } else if (own.putIfAbsent(scalar.getValue(), tuple) != null && report) {
                ctx.problem(keyNode, "duplicate key '" + scalar.getValue() + "' " + where()
                        + "; it is already set at line " + Location.of(own.get(scalar.getValue()).getKeyNode()
                        .getStartMark()).line());
            }
        }
        merged.forEach(own::putIfAbsent);
        return own;
    }

    private List<MappingNode> mergeSources(Node value) {
        if (value instanceof MappingNode m) {
            return List.of(m);
        }
        if (value instanceof SequenceNode seq && seq.getValue().stream().allMatch(MappingNode.class::isInstance)) {
            return seq.getValue().stream().map(MappingNode.class::cast).toList();
        }
        ctx.problem(value, "'<<' " + where() + " must merge a map or a list of maps (an alias like *defaults), got "
                + Values.describe(value));
        return List.of();
    }
}
