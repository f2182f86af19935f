package dev.ferry.engine;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.state.Json;
import dev.ferry.state.RunState;
import dev.ferry.state.StepRecord;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Refuses to act on state that does not belong to this plan, or whose applied steps no longer match the plan
 * (like Terraform's lineage/serial and Flyway's checksum validation).
 */
final class StateConsistency {
    private StateConsistency() {
    }

    static void check(Migration migration) {
        if (!migration.hasState()) {
            return;
        }
        RunState state = migration.state();
        String planName = migration.plan().name();
        if (!state.planName().equals(planName)) {
            throw new FerryException(ErrorCode.STATE_CONFLICT, "state " + migration.stateBackend().location()
                    + " belongs to plan '" + state.planName() + "' (lineage " + state.lineage() + "), not to plan '" + planName + "'."
                    + " Use the plan that state was made with, or point --state-dir at this plan's own state");
        }
        Set<String> planned = migration.steps().stream().map(PlannedStep::id).collect(Collectors.toSet());
        for (Map.Entry<String, StepRecord> entry : state.steps().entrySet()) {
            if (!planned.contains(entry.getKey()) && entry.getValue().status().touchedTheWorld()) {
                throw new FerryException(ErrorCode.STATE_CONFLICT, "step '" + entry.getKey() + "' is "
                        + entry.getValue().status().name().toLowerCase() + " in state (lineage " + state.lineage()
                        + ") but no longer in the plan. Put it back in the plan and roll it back with"
                        + " `ferry rollback PLAN --to " + entry.getKey() + "`");
            }
        }
        for (PlannedStep step : migration.steps()) {
            state.step(step.id()).ifPresent(record -> compare(migration, step, record));
        }
    }

    private static void compare(Migration migration, PlannedStep step, StepRecord record) {
        if (!record.status().touchedTheWorld() || record.inputDigest() == null) {
            return;
        }
        String current = migration.inputDigest(step);
        if (!current.equals(record.inputDigest())) {
            throw new FerryException(ErrorCode.STATE_CONFLICT, "plan changed under an applied step: '" + step.id() + "' was "
                    + record.status().name().toLowerCase() + " with plan input " + Json.shortDigest(record.inputDigest())
                    + " but the plan now gives " + Json.shortDigest(current) + ". Restore the plan's settings for '"
                    + step.id() + "' as they were, or roll it back first with `ferry rollback PLAN --to " + step.id() + "`");
        }
    }
}
