package dev.ferry.step;

import java.util.List;

/**
 * One step of the procedure. A step is a list of named actions to apply and a list to roll back; both are built from
 * the plan alone (no I/O), so the dry run shows exactly what apply and rollback will do.
 */
public interface Step {

    String id();

    String title();

    Reversibility reversibility();

    /** True when the app is unavailable (or read-only) for part of this step. */
    boolean downtime();

    /** The ordered actions that apply this step. */
    List<Action> actions(StepContext context);

    /** The ordered actions that undo this step; empty for a one-way step. */
    List<Action> rollbackActions(StepContext context);

    /**
     * Best-effort actions the engine runs right after apply action {@code failedAction} failed, to bring the app back
     * up (for example restart the writers a step stopped). Chosen by how far the step got; empty when only a rollback
     * can put things right. They must be safe to run again; the step stays failed either way.
     */
    default List<Action> recoveryActions(StepContext context, String failedAction) {
        return List.of();
    }

    /**
     * For a {@link Reversibility#ONE_WAY} step: what exactly it will delete or change for good (real paths, names),
     * computed read-only against {@code world}; the typed confirmation shows these lines. A failure refuses the
     * confirmation, and nothing is changed.
     */
    default List<String> oneWayDetails(StepContext context, ActionContext world) {
        return List.of();
    }

    /**
     * The part of the plan this step depends on. Its digest is recorded when the step is applied; a later run with a
     * plan whose input for an applied step differs is refused.
     */
    Object planInput(StepContext context);
}
