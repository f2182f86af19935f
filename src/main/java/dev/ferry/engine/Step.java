package dev.ferry.engine;

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
     * The part of the plan this step depends on. Its digest is recorded when the step is applied; a later run with a
     * plan whose input for an applied step differs is refused.
     */
    Object planInput(StepContext context);
}
