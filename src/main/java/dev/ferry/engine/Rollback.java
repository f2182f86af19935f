package dev.ferry.engine;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.state.JournalEntry;
import dev.ferry.state.PlanLock;
import dev.ferry.state.StepRecord;
import dev.ferry.state.StepStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Undoes applied steps in reverse order, each rollback action journaled and checkpointed like apply. */
public final class Rollback {
    private final Migration migration;
    private final Operator operator;

    public Rollback(Migration migration, Operator operator) {
        this.migration = migration;
        this.operator = operator;
    }

    /** Rolls back every step that touched the world, from the last down to and including {@code to}. */
    public List<String> to(String to) {
        int index = indexOf(to);
        List<PlannedStep> targets = touched().stream().filter(s -> migration.steps().indexOf(s) >= index).toList();
        if (targets.isEmpty()) {
            throw new FerryException(ErrorCode.INVALID_INPUT, "nothing to roll back: no step from " + to
                    + " on has been applied. `ferry status PLAN` shows what is applied");
        }
        return withLock(targets);
    }

    /** Rolls back the most recent step that touched the world. */
    public List<String> last() {
        List<PlannedStep> touched = touched();
        if (touched.isEmpty()) {
            throw new FerryException(ErrorCode.INVALID_INPUT, "nothing to roll back: no step has been applied yet");
        }
        return withLock(List.of(touched.get(0)));
    }

    /** Used from an interactive run that already holds the lock. */
    void rollBackLastIn(RunContext context) {
        List<PlannedStep> touched = touched();
        if (touched.isEmpty()) {
            migration.say("nothing to roll back yet");
            return;
        }
        undo(touched.get(0), context);
    }

    private List<String> withLock(List<PlannedStep> targets) {
        refuseOneWay(targets);
        try (PlanLock lock = PlanLock.acquire(migration.stateDirectory(), migration.clock());
             RunContext context = new RunContext(migration)) {
            List<String> undone = new ArrayList<>();
            for (PlannedStep step : targets) {
                undo(step, context);
                undone.add(step.id());
            }
            return undone;
        }
    }

    private void undo(PlannedStep step, RunContext context) {
        migration.say("rollback " + step.id() + ": " + step.step().title());
        StepRecord before = migration.state().step(step.id()).orElseThrow();
        migration.checkpoint(s -> s.withStep(step.id(), before.withStatus(StepStatus.ROLLING_BACK, migration.clock().instant())));
        try {
            new ActionSequence(migration, context).run(step, step.step().rollbackActions(step.context(migration.plan())), true);
        } catch (FerryException refused) {
            keepIfNothingUndone(step, before, refused);
            throw refused;
        }
        migration.checkpoint(s -> s.withStep(step.id(), new StepRecord(StepStatus.ROLLED_BACK, null,
                s.step(step.id()).map(StepRecord::startedAt).orElse(null), migration.clock().instant(),
                null, s.step(step.id()).map(StepRecord::rollbackActions).orElse(null), null, null)).pausedAfter(null));
        migration.journal(JournalEntry.STEP_ROLLED_BACK, step.id(), "rollback", null, null, null);
    }

    /** A rollback refused for want of a confirmation before any undo action finished leaves the step as it was. */
    private void keepIfNothingUndone(PlannedStep step, StepRecord before, FerryException refused) {
        boolean undidSomething = migration.state().step(step.id()).map(r -> r.rollbackActions().values().stream()
                .anyMatch(a -> a.isDone())).orElse(false);
        if (refused.code() == ErrorCode.CONFIRMATION_REQUIRED && !undidSomething) {
            migration.checkpoint(s -> s.withStep(step.id(), before));
        }
    }

    private void refuseOneWay(List<PlannedStep> targets) {
        for (PlannedStep step : targets) {
            if (step.step().reversibility() == Reversibility.ONE_WAY && !operator.confirm("step " + step.id()
                    + " is ONE-WAY: its effects cannot be undone; rolling back past it only records it as rolled back.",
                    step.id())) {
                throw new FerryException(ErrorCode.CONFIRMATION_REQUIRED, "rollback crosses one-way step " + step.id()
                        + "; nothing was changed. Type its id when asked, or pass --confirm " + step.id());
            }
        }
    }

    /** Steps whose state says they may have changed the world, most recent (last in plan order) first. */
    private List<PlannedStep> touched() {
        List<PlannedStep> result = new ArrayList<>();
        for (PlannedStep step : migration.steps()) {
            Optional<StepRecord> record = migration.state().step(step.id());
            if (record.isPresent() && record.get().status().touchedTheWorld()) {
                result.add(0, step);
            }
        }
        return result;
    }

    private int indexOf(String id) {
        for (int i = 0; i < migration.steps().size(); i++) {
            if (migration.steps().get(i).id().equals(id)) {
                return i;
            }
        }
        throw new FerryException(ErrorCode.INVALID_INPUT, "--to " + id + ": no such step in plan " + migration.plan().name()
                + "; the steps are " + migration.steps().stream().map(PlannedStep::id).toList());
    }
}
