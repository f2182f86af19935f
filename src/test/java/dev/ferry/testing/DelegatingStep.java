package dev.ferry.testing;

import dev.ferry.step.Action;
import dev.ferry.step.ActionContext;
import dev.ferry.step.Reversibility;
import dev.ferry.step.Step;
import dev.ferry.step.StepContext;
import java.util.List;

/** A step that behaves as {@link #delegate()} except where a test overrides it (faults, labels). */
public interface DelegatingStep extends Step {

    Step delegate();

    @Override
    default String id() {
        return delegate().id();
    }

    @Override
    default String title() {
        return delegate().title();
    }

    @Override
    default Reversibility reversibility() {
        return delegate().reversibility();
    }

    @Override
    default boolean downtime() {
        return delegate().downtime();
    }

    @Override
    default List<Action> actions(StepContext context) {
        return delegate().actions(context);
    }

    @Override
    default List<Action> rollbackActions(StepContext context) {
        return delegate().rollbackActions(context);
    }

    @Override
    default List<Action> recoveryActions(StepContext context, String failedAction) {
        return delegate().recoveryActions(context, failedAction);
    }

    @Override
    default List<String> oneWayDetails(StepContext context, ActionContext world) {
        return delegate().oneWayDetails(context, world);
    }

    @Override
    default Object planInput(StepContext context) {
        return delegate().planInput(context);
    }
}
