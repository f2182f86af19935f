package dev.ferry.engine;

import dev.ferry.step.Reversibility;
import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.state.JournalEntry;
import dev.ferry.state.StateBackend;
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
        Optional<PlannedStep> untouched = latestRecorded().filter(s -> !changedTheWorld(s));
        if (untouched.isPresent()) {
            throw new FerryException(ErrorCode.INVALID_INPUT, "nothing to roll back: step " + untouched.get().id()
                    + " stopped before it changed anything (only its checks ran)" + earlier(untouched.get())
                    + ". Fix what its check reported, then run `ferry resume PLAN`");
        }
        List<PlannedStep> touched = touched();
        if (touched.isEmpty()) {
            throw new FerryException(ErrorCode.INVALID_INPUT, "nothing to roll back: no step has been applied yet");
        }
        return withLock(List.of(touched.get(0)));
    }

    /**
     * Records {@code stepId} as rolled back without running anything, once the operator has undone it by hand after
     * its rollback failed. A typed confirmation: ferry cannot check the world for the operator here.
     */
    public void undoneByHand(String stepId) {
        PlannedStep step = migration.steps().get(indexOf(stepId));
        StepRecord record = migration.state().step(stepId).filter(r -> r.status().touchedTheWorld())
                .orElseThrow(() -> new FerryException(ErrorCode.INVALID_INPUT, "--undone-by-hand " + stepId + ": the step"
                        + " has not touched the world, so there is nothing to record. `ferry status PLAN` shows each step"));
        if (!operator.confirm("record step " + stepId + " (" + record.status().name().toLowerCase() + ") as rolled back"
                + " WITHOUT running its undo actions: only do this once you have undone it by hand (runbooks/" + stepId
                + ".md).", stepId)) {
            throw new FerryException(ErrorCode.CONFIRMATION_REQUIRED, "step " + stepId + " was not recorded as rolled"
                    + " back; nothing was changed. Type its id when asked, or pass --confirm " + stepId);
        }
        try (StateBackend.Lease lock = migration.stateBackend().lock(migration.clock())) {
            markRolledBack(step, "undone by hand, recorded by lock " + lock.holder().id());
        }
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
        try (StateBackend.Lease lock = migration.stateBackend().lock(migration.clock());
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
        if (!changedTheWorld(step)) {
            migration.say("rollback " + step.id() + ": it changed nothing (only its checks ran); recorded as rolled back");
            markRolledBack(step, "changed nothing");
            return;
        }
        migration.say("rollback " + step.id() + ": " + step.step().title());
        StepRecord before = migration.state().step(step.id()).orElseThrow();
        migration.checkpoint(s -> s.withStep(step.id(), before.withStatus(StepStatus.ROLLING_BACK, migration.clock().instant())));
        try {
            new ActionSequence(migration, context).run(step, step.step().rollbackActions(step.context(migration.plan())), true);
        } catch (FerryException refused) {
            keepIfNothingUndone(step, before, refused);
            throw refused;
        }
        markRolledBack(step, null);
    }

    private void markRolledBack(PlannedStep step, String note) {
        migration.checkpoint(s -> s.withStep(step.id(), new StepRecord(StepStatus.ROLLED_BACK, null,
                s.step(step.id()).map(StepRecord::startedAt).orElse(null), migration.clock().instant(),
                null, s.step(step.id()).map(StepRecord::rollbackActions).orElse(null), null, null)).pausedAfter(null));
        migration.journal(JournalEntry.STEP_ROLLED_BACK, step.id(), "rollback", null, null, note);
    }

    /** False when every apply action of the step that started only looked at the world. */
    private boolean changedTheWorld(PlannedStep step) {
        StepRecord record = migration.state().step(step.id()).orElse(null);
        return record != null && (record.status() == StepStatus.APPLIED || record.status() == StepStatus.ROLLING_BACK
                || record.status() == StepStatus.ROLLBACK_FAILED
                || !ActionSequence.changedNothing(step.step().actions(step.context(migration.plan())), record));
    }

    private Optional<PlannedStep> latestRecorded() {
        PlannedStep latest = null;
        for (PlannedStep step : migration.steps()) {
            if (migration.state().step(step.id()).map(r -> r.status().touchedTheWorld()).orElse(false)) {
                latest = step;
            }
        }
        return Optional.ofNullable(latest);
    }

    private String earlier(PlannedStep untouched) {
        return touched().stream().filter(s -> s != untouched).findFirst()
                .map(s -> "; to undo the step before it, run `ferry rollback PLAN --to " + s.id() + "`").orElse("");
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
