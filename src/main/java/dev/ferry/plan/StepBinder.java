package dev.ferry.plan;

import dev.ferry.plan.StepCatalog.OptionSpec;
import dev.ferry.plan.StepSpec.HookAction;
import dev.ferry.plan.StepSpec.StepKind;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the ordered {@code steps} list: built-in steps with typed options, and hook steps with shell actions. */
final class StepBinder {
    static final Pattern KEBAB = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    private final LoadContext ctx;

    StepBinder(LoadContext ctx) {
        this.ctx = ctx;
    }

    List<StepSpec> steps(YamlMap root) {
        Optional<NodeTuple> tuple = root.claim("steps");
        if (tuple.isEmpty()) {
            NodeTuple empty = root.entries().get("steps");
            if (empty != null) {
                ctx.problem(empty.getKeyNode(), "'steps' at the top level has no value; list the steps to run"
                        + " under it, e.g. - id: provision");
            } else {
                root.reportMissing("steps", "missing required key 'steps' at the top level; list the steps to run,"
                        + " e.g. - id: provision");
            }
            return List.of();
        }
        Node value = tuple.get().getValueNode();
        if (!(value instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            ctx.problem(value, "steps must be a non-empty list of steps, got " + Values.describe(value));
            return List.of();
        }
        List<StepSpec> steps = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < seq.getValue().size(); i++) {
            Node item = seq.getValue().get(i);
            Optional<StepSpec> step = YamlMap.of(ctx, "steps[" + (i + 1) + "]", Location.of(item.getStartMark()),
                    item, "a map with an id").flatMap(this::step);
            if (step.isEmpty()) {
                ctx.markIncomplete("steps");
            }
            step.filter(s -> seen.add(s.id())).ifPresent(steps::add);
        }
        return steps;
    }

    private Optional<StepSpec> step(YamlMap map) {
        String id = map.string("id", true, null);
        String kind = map.string("kind", false, "builtin");
        Optional<StepSpec> step = Optional.empty();
        if (id != null && kind != null) {
            Location at = ctx.at(map.child("id")).orElse(map.location());
            if (kind.equals("hook")) {
                step = hook(map, id, at);
            } else if (kind.equals("builtin")) {
                step = builtin(map, id, at);
            } else {
                ctx.problem(ctx.at(map.child("kind")).orElse(at), "unknown step kind '" + kind + "' in "
                        + map.path() + DidYouMean.hint(kind, List.of("builtin", "hook")));
                // the step's other keys depend on its kind; reporting them too would only repeat the typo
                map.claim("options");
                map.claim("actions");
            }
            step.ifPresent(s -> locate(s.id(), at));
        }
        map.finish();
        return step;
    }

    private void locate(String id, Location at) {
        Optional<Location> first = ctx.at("steps." + id);
        if (first.isPresent()) {
            ctx.problem(at, "duplicate step id '" + id + "'; it is already listed at line " + first.get().line()
                    + " and each step runs once");
        } else {
            ctx.located("steps." + id, at);
        }
    }

    private Optional<StepSpec> builtin(YamlMap map, String id, Location at) {
        if (!StepCatalog.isBuiltIn(id)) {
            String hint = DidYouMean.suggest(id, StepIds.ALL).map(s -> "; did you mean '" + s + "'?")
                    .orElse("; expected one of " + String.join(", ", StepIds.ALL) + ", or add kind: hook");
            ctx.problem(at, "unknown step id '" + id + "'" + hint);
            return Optional.empty();
        }
        Map<String, Object> options = new LinkedHashMap<>();
        Optional<NodeTuple> present = map.claim("options");
        Location optionsAt = present.map(t -> Location.of(t.getKeyNode().getStartMark())).orElse(map.location());
        boolean ok = present.isEmpty() || YamlMap.of(ctx, map.child("options"), optionsAt,
                present.get().getValueNode(), "a map of option name to value")
                .map(o -> readOptions(o, id, options, ctx.at("steps." + id).isEmpty())).orElse(false);
        // a step with bad options stays in the list, so the order rules still see it
        if (ok && requiredPresent(optionsAt, id, options)) {
            fillDefaults(id, options);
        }
        return Optional.of(new StepSpec(id, StepKind.BUILTIN, options, List.of()));
    }

    private static void fillDefaults(String id, Map<String, Object> options) {
        for (OptionSpec spec : StepCatalog.options(id)) {
            if (spec.defaultValue() != null) {
                options.putIfAbsent(spec.name(), spec.defaultValue());
            }
        }
        StepCatalog.derivedDefaults(id, options);
    }

    /** Reads the options; the first step of an id also records where each option (and list item) is written. */
    private boolean readOptions(YamlMap optionMap, String id, Map<String, Object> into, boolean first) {
        boolean ok = true;
        for (OptionSpec spec : StepCatalog.options(id)) {
            Optional<NodeTuple> tuple = optionMap.claim(spec.name());
            if (tuple.isPresent()) {
                Node node = tuple.get().getValueNode();
                Object value = option(spec, node, optionMap.child(spec.name()), id);
                ok &= value != null;
                if (value != null) {
                    into.put(spec.name(), value);
                }
                if (value != null && first) {
                    locateOption(id, spec.name(), node);
                }
            }
        }
        optionMap.finish();
        return ok;
    }

    private void locateOption(String id, String name, Node node) {
        String path = "steps." + id + ".options." + name;
        ctx.located(path, node);
        if (node instanceof SequenceNode seq) {
            for (int i = 0; i < seq.getValue().size(); i++) {
                ctx.located(path + "[" + i + "]", seq.getValue().get(i));
            }
        }
    }

    private boolean requiredPresent(Location at, String id, Map<String, Object> options) {
        boolean ok = true;
        for (OptionSpec spec : StepCatalog.options(id)) {
            if (spec.required() && !options.containsKey(spec.name())) {
                ctx.problem(at, "step '" + id
                        + "' is missing required option '" + spec.name() + "' (" + spec.description() + ")");
                ok = false;
            }
        }
        return ok;
    }

    private Object option(OptionSpec spec, Node node, String label, String id) {
        Values values = new Values(ctx);
        return switch (spec.type()) {
            case INTEGER -> allowedNumber(spec, values.integer(node, label, spec.min(), spec.max()), node, id);
            case BOOLEAN -> values.bool(node, label);
            case DURATION -> values.duration(node, label);
            case STRING_LIST -> values.stringList(node, label);
            case STRING -> choice(spec, values.text(node, label), node, id);
        };
    }

    private String choice(OptionSpec spec, String value, Node node, String id) {
        if (value == null || spec.allowed().isEmpty() || spec.allowed().contains(value)) {
            return value;
        }
        ctx.problem(node, "unknown " + spec.name() + " '" + value + "' for step '" + id + "'"
                + DidYouMean.hint(value, spec.allowed()));
        return null;
    }

    private Integer allowedNumber(OptionSpec spec, Integer value, Node node, String id) {
        if (value == null || spec.allowed().isEmpty() || spec.allowed().contains(value.toString())) {
            return value;
        }
        ctx.problem(node, spec.name() + " " + value + " of step '" + id + "' is not one of the values it accepts: "
                + String.join(", ", spec.allowed()));
        return null;
    }

    private Optional<StepSpec> hook(YamlMap map, String id, Location at) {
        List<HookAction> actions = new HookActions(ctx).read(map, id);
        if (StepCatalog.isBuiltIn(id)) {
            ctx.problem(at, "hook step id '" + id + "' is the id of a built-in step; give the hook its own id");
            return Optional.empty();
        }
        if (!KEBAB.matcher(id).matches()) {
            ctx.problem(at, "hook step id '" + id + "' must be kebab-case (lowercase words joined by '-')");
            return Optional.empty();
        }
        return Optional.of(new StepSpec(id, StepKind.HOOK, Map.of(), actions));
    }
}
