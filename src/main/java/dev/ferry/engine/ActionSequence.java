package dev.ferry.engine;

import dev.ferry.step.Redacted;
import dev.ferry.step.Action;
import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.state.ActionRecord;
import dev.ferry.state.JournalEntry;
import dev.ferry.state.StepRecord;
import dev.ferry.state.StepStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.ferry.step.Redacted;
import java.util.TreeSet;

/**
 * Runs a step's actions (apply or rollback) with a checkpoint before and after each one, skipping actions state
 * already records as done. This is what makes a crash at any point resumable without repeating finished work.
 */
final class ActionSequence {
    private static final Logger LOG = LoggerFactory.getLogger(ActionSequence.class);
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
            if (rollback && !undoesSomethingStarted(action, record)) {
                migration.say("  skip undo " + action.name() + ": " + String.join(", ", new TreeSet<>(action.undoes()))
                        + " never ran");
                continue;
            }
            runOne(step, action, rollback, phase, actions);
        }
    }

    /** A rollback action runs when it undoes nothing in particular or when one of the apply actions it undoes started. */
    static boolean undoesSomethingStarted(Action undo, StepRecord record) {
        return undo.undoes().isEmpty() || undo.undoes().stream().anyMatch(record.actions()::containsKey);
    }

    /**
     * True when every apply action that started only looked at the world: a failure then leaves nothing to undo or
     * recover, so the step needs no rollback.
     */
    static boolean changedNothing(List<Action> actions, StepRecord record) {
        return actions.stream().filter(a -> record.actions().containsKey(a.name())).allMatch(Action::readOnly);
    }

    private void runOne(PlannedStep step, Action action, boolean rollback, String phase, List<Action> actions) {
        Instant started = migration.clock().instant();
        migration.progress().enter(step.id() + "/" + action.name());
        migration.say("  " + (rollback ? "undo " : "") + action.name() + ": " + action.summary());
        migration.journal(JournalEntry.ACTION_STARTED, step.id(), phase, action.name(), null, null);
        if (LOG.isDebugEnabled()) {
            action.effects().forEach(e -> LOG.debug("{}/{} {}: {}", step.id(), action.name(), e.kind(),
                    Redacted.urls(e.text())));
        }
        update(step, rollback, action.name(), ActionRecord.started(started), null);
        try {
            action.body().run(context);
        } catch (Exception | LinkageError e) {
            fail(step, action, rollback, phase, started, e, actions);
        }
        Instant finished = migration.clock().instant();
        long ms = Duration.between(started, finished).toMillis();
        migration.journal(JournalEntry.ACTION_FINISHED, step.id(), phase, action.name(), ms, null);
        update(step, rollback, action.name(), ActionRecord.started(started).done(finished), context.takeRecorded());
    }

    private void fail(PlannedStep step, Action action, boolean rollback, String phase, Instant started, Throwable e,
                      List<Action> actions) {
        Instant at = migration.clock().instant();
        // what the action recorded before it failed is true of the world (a resource it created, a backup it took),
        // and a rollback needs it to find what to undo
        java.util.Map<String, String> recorded = context.takeRecorded();
        String reason = Redacted.urls(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        migration.journal(JournalEntry.ACTION_FAILED, step.id(), phase, action.name(),
                Duration.between(started, at).toMillis(), reason);
        StepStatus failed = rollback ? StepStatus.ROLLBACK_FAILED : StepStatus.FAILED;
        migration.checkpoint(s -> s.withStep(step.id(), s.step(step.id()).orElseThrow()
                .withAction(rollback, action.name(), ActionRecord.started(started).failed(at)).withOutputs(recorded)
                .withError(failed, action.name() + ": " + reason, at)));
        ErrorCode code = e instanceof FerryException fe && fe.code() != ErrorCode.OK ? fe.code() : ErrorCode.STEP_FAILED;
        boolean untouched = !rollback && changedNothing(actions, migration.state().step(step.id()).orElseThrow());
        String next = rollback ? "fix the cause, then run `ferry rollback PLAN --to " + step.id() + "` again (finished"
                + " undo actions are not repeated), or, once you have undone the step by hand (runbooks/" + step.id()
                + ".md), record it with `ferry rollback PLAN --undone-by-hand " + step.id() + "`"
                : untouched ? "fix the cause, then run `ferry resume PLAN`"
                : "fix the cause, then run `ferry resume PLAN` (finished actions are not repeated) or undo the step"
                + " with `ferry rollback PLAN --last`";
        boolean ownAdvice = e instanceof FerryException fe && fe.namesNextAction();
        String message = (rollback ? "rollback of " : "step ") + step.id() + " failed at action " + action.name() + ": "
                + reason + (untouched ? "\nnothing was changed (only checks ran), so there is nothing to roll back" : "");
        throw new FerryException(code, message + (ownAdvice ? "" : "\nnext: " + next), e);
    }

    private void update(PlannedStep step, boolean rollback, String name, ActionRecord record, java.util.Map<String, String> outputs) {
        migration.checkpoint(s -> {
            StepRecord current = s.step(step.id()).orElseThrow().withAction(rollback, name, record);
            return s.withStep(step.id(), outputs == null ? current : current.withOutputs(outputs));
        });
    }
}
