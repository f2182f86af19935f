package dev.ferry.step;

import java.util.List;
import java.util.Set;

/**
 * A named, idempotent unit of work inside a step. The engine journals its start and end and checkpoints state after
 * it, so a crash resumes at the first unfinished action. {@code body} must look at the world before changing it:
 * running it again after a crash mid-way must not repeat what was already done.
 *
 * <p>A rollback action names the apply actions it {@code undoes}; the engine runs it only when one of them started
 * (a failure part-way through apply leaves later ones unstarted, and undoing what never happened can hurt: stopping
 * an app the step never stopped, restoring a backup it never took). One that names none always runs.
 */
public record Action(String name, String summary, List<Effect> effects, Body body, Set<String> undoes) {

    public Action {
        if (!name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("action names are kebab-case: " + name);
        }
        effects = List.copyOf(effects);
        undoes = Set.copyOf(undoes);
    }

    public Action(String name, String summary, List<Effect> effects, Body body) {
        this(name, summary, effects, body, Set.of());
    }

    /** This rollback action, run only if one of the apply actions {@code applyActions} started. */
    public Action undoing(String... applyActions) {
        return new Action(name, summary, effects, body, Set.of(applyActions));
    }

    /** The same action with another body (wrappers in tests and rehearsals); keeps what it undoes. */
    public Action withBody(Body other) {
        return new Action(name, summary, effects, other, undoes);
    }

    /** True when the action only looks at the world: every effect is a check or a wait. */
    public boolean readOnly() {
        return !effects.isEmpty() && effects.stream()
                .allMatch(e -> e.kind() == Effect.Kind.CHECK || e.kind() == Effect.Kind.WAIT);
    }

    @FunctionalInterface
    public interface Body {
        void run(ActionContext context) throws Exception;
    }
}
