package dev.ferry.plan;

import dev.ferry.plan.StepSpec.HookAction;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads the shell actions of a hook step ({@code kind: hook}). */
final class HookActions {
    private final LoadContext ctx;

    HookActions(LoadContext ctx) {
        this.ctx = ctx;
    }

    /** The actions, or an empty list when they are missing or invalid (the problems are reported). */
    List<HookAction> read(YamlMap step, String id) {
        Optional<NodeTuple> tuple = step.claim("actions");
        if (tuple.isEmpty()) {
            step.reportMissing("actions", "hook step '" + id + "' has no actions; a hook needs at least one action"
                    + " with a name and an apply command");
            return List.of();
        }
        Node value = tuple.get().getValueNode();
        if (!(value instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            ctx.problem(value, "actions of hook step '" + id + "' must be a non-empty list of actions, got "
                    + Values.describe(value));
            return List.of();
        }
        List<HookAction> actions = new ArrayList<>();
        Set<String> names = new HashSet<>();
        boolean ok = true;
        for (int i = 0; i < seq.getValue().size(); i++) {
            Node item = seq.getValue().get(i);
            String path = step.path() + ".actions[" + (i + 1) + "]";
            Optional<HookAction> action = YamlMap.of(ctx, path, Location.of(item.getStartMark()), item,
                    "a map with name, check, apply and rollback").flatMap(m -> action(m, id));
            action.filter(a -> !names.add(a.name())).ifPresent(a -> ctx.problem(item,
                    "duplicate action name '" + a.name() + "' in hook step '" + id + "'; action names are journaled"
                            + " and must be unique within a step"));
            ok &= action.isPresent();
            action.ifPresent(actions::add);
        }
        return ok ? actions : List.of();
    }

    private Optional<HookAction> action(YamlMap map, String id) {
        String name = map.string("name", true, null);
        String check = command(map, "check", id);
        String apply = command(map, "apply", id);
        String rollback = command(map, "rollback", id);
        if (apply == null && map.claim("apply").isEmpty()) {
            ctx.problem(map.location(), "action " + (name == null ? "" : "'" + name + "' ") + "of hook step '" + id
                    + "' has no apply command; apply is the shell command that does the action");
        }
        map.finish();
        return name == null || apply == null ? Optional.empty()
                : Optional.of(new HookAction(name, check, apply, rollback));
    }

    /** Secret-looking {@code ${env:...}} references are refused before anything is resolved. */
    private String command(YamlMap map, String key, String id) {
        Optional<ScalarNode> raw = map.claim(key).map(NodeTuple::getValueNode)
                .filter(ScalarNode.class::isInstance).map(ScalarNode.class::cast)
                .filter(n -> Interpolation.referencedNames(n.getValue()).stream()
                        .anyMatch(SecretShapes::looksSecretName));
        if (raw.isPresent()) {
            ctx.problem(raw.get(), key + " command of hook step '" + id + "' interpolates a secret-looking variable"
                    + " with ${env:...}, which would write the secret into the plan; use the shell's own $NAME,"
                    + " which is read only when the command runs");
            return null;
        }
        String command = map.string(key, false, null);
        if (command != null && command.isBlank()) {
            ctx.problem(ctx.at(map.child(key)).orElse(map.location()), key + " command of hook step '" + id
                    + "' is empty; write the shell command" + (key.equals("apply") ? "" : ", or leave out " + key));
            return null;
        }
        return command;
    }
}
