package dev.ferry.engine;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.state.ActionRecord;
import dev.ferry.state.JournalEntry;
import dev.ferry.state.StepRecord;
import dev.ferry.state.StepStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Runs a step's actions (apply or rollback) with a checkpoint before and after each one, skipping actions state
 * already records as done. This is what makes a crash at any point resumable without repeating finished work.
 */
final class ActionSequence {
    private final Migration migration;
    private final RunContext context;

    ActionSequence(Migration migration, RunContext context) {
        this.migration = migration;
        this.context = context;
    }

    void run(PlannedStep step, List<Action> actions, boolean rollback) {
        String phase = rollback ? "rollback" : "apply";
        context.enterStep(step.id());
        for (Action action : actions) {
            StepRecord record = migration.state().step(step.id()).orElseThrow();
            ActionRecord previous = (rollback ? record.rollbackActions() : record.actions()).get(action.name());
            if (previous != null && previous.isDone()) {
                continue;
            }
            runOne(step, action, rollback, phase);
        }
    }

    private void runOne(PlannedStep step, Action action, boolean rollback, String phase) {
        Instant started = migration.clock().instant();
        migration.say("  " + (rollback ? "undo " : "") + action.name() + ": " + action.summary());
        migration.journal(JournalEntry.ACTION_STARTED, step.id(), phase, action.name(), null, null);
        update(step, rollback, action.name(), ActionRecord.started(started), null);
        try {
            action.body().run(context);
        } catch (Exception | LinkageError e) {
            fail(step, action, rollback, phase, started, e);
        }
        Instant finished = migration.clock().instant();
        long ms = Duration.between(started, finished).toMillis();
        migration.journal(JournalEntry.ACTION_FINISHED, step.id(), phase, action.name(), ms, null);
        update(step, rollback, action.name(), ActionRecord.started(started).done(finished), context.takeRecorded());
    }

    private void fail(PlannedStep step, Action action, boolean rollback, String phase, Instant started, Throwable e) {
        Instant at = migration.clock().instant();
        context.takeRecorded();
        String reason = Redacted.urls(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        migration.journal(JournalEntry.ACTION_FAILED, step.id(), phase, action.name(),
                Duration.between(started, at).toMillis(), reason);
        StepStatus failed = rollback ? StepStatus.ROLLBACK_FAILED : StepStatus.FAILED;
        migration.checkpoint(s -> s.withStep(step.id(), s.step(step.id()).orElseThrow()
                .withAction(rollback, action.name(), ActionRecord.started(started).failed(at))
                .withError(failed, action.name() + ": " + reason, at)));
        ErrorCode code = e instanceof FerryException fe && fe.code() != ErrorCode.OK ? fe.code() : ErrorCode.STEP_FAILED;
        String next = rollback
                ? "fix the cause, then run `ferry rollback` again (finished undo actions are not repeated)"
                : "fix the cause, then run `ferry resume` (finished actions are not repeated) or undo it with `ferry rollback --last`";
        boolean ownAdvice = e instanceof FerryException fe && fe.namesNextAction();
        throw new FerryException(code, (rollback ? "rollback of " : "step ") + step.id() + " failed at action "
                + action.name() + ": " + reason + (ownAdvice ? "" : "\nnext: " + next), e);
    }

    private void update(PlannedStep step, boolean rollback, String name, ActionRecord record, java.util.Map<String, String> outputs) {
        migration.checkpoint(s -> {
            StepRecord current = s.step(step.id()).orElseThrow().withAction(rollback, name, record);
            return s.withStep(step.id(), outputs == null ? current : current.withOutputs(outputs));
        });
    }
}
