package dev.ferry.engine;

import dev.ferry.step.Redacted;
import dev.ferry.step.Action;
import dev.ferry.FerryException;
import dev.ferry.state.ActionRecord;
import dev.ferry.state.JournalEntry;
import dev.ferry.state.StepRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * After an apply action failed: runs the step's recovery actions (best effort, journaled as phase {@code recover})
 * so the app is not left down until the operator acts, and says in the failure what was recovered.
 */
final class Recovery {
    private final Migration migration;
    private final RunContext context;

    Recovery(Migration migration, RunContext context) {
        this.migration = migration;
        this.context = context;
    }

    FerryException after(PlannedStep step, FerryException failure) {
        String failedAction = failedAction(step);
        if (failedAction == null) {
            return failure;
        }
        List<Action> recovery = step.step().recoveryActions(step.context(migration.plan()), failedAction);
        if (recovery.isEmpty()) {
            return failure;
        }
        List<String> done = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (Action action : recovery) {
            if (run(step, action)) {
                done.add(action.summary());
            } else {
                failed.add(action.name());
            }
        }
        String note = (done.isEmpty() ? "" : "\nrecovered: " + String.join("; ", done))
                + (failed.isEmpty() ? "" : "\nrecovery failed at " + String.join(", ", failed)
                + " (see `ferry log`); check the app by hand");
        return new FerryException(failure.code(), failure.getMessage() + note, failure);
    }

    private boolean run(PlannedStep step, Action action) {
        Instant started = migration.clock().instant();
        migration.say("  recover " + action.name() + ": " + action.summary());
        migration.journal(JournalEntry.ACTION_STARTED, step.id(), "recover", action.name(), null, null);
        try {
            action.body().run(context);
            context.takeRecorded();
            migration.journal(JournalEntry.ACTION_FINISHED, step.id(), "recover", action.name(),
                    Duration.between(started, migration.clock().instant()).toMillis(), null);
            return true;
        } catch (Exception e) {
            context.takeRecorded();
            migration.journal(JournalEntry.ACTION_FAILED, step.id(), "recover", action.name(),
                    Duration.between(started, migration.clock().instant()).toMillis(), Redacted.urls(String.valueOf(e.getMessage())));
            return false;
        }
    }

    private String failedAction(PlannedStep step) {
        StepRecord record = migration.state().step(step.id()).orElse(null);
        if (record == null) {
            return null;
        }
        return record.actions().entrySet().stream().filter(e -> e.getValue().status() == ActionRecord.Status.FAILED)
                .map(Map.Entry::getKey).reduce((a, b) -> b).orElse(null);
    }
}
