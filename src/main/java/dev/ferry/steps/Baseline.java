package dev.ferry.steps;

import dev.ferry.Failures;
import dev.ferry.step.DatabasePorts.Snapshot;
import dev.ferry.database.SnapshotCodec;
import dev.ferry.step.ActionContext;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A database's full snapshot right after a step changed it (RDS after move-database, the local database after
 * upgrade-local-postgres): what the step's rollback compares with to find the writes made since. It holds table and sequence names, counts, values and row digests, never data or credentials. Small
 * ones go into state as the output {@code baselineSnapshot}; larger ones into a file kept beside the state, named by
 * the output {@code baselineFile}.
 */
final class Baseline {
    static final int MAX_IN_STATE = 32 * 1024;

    private Baseline() {
    }

    static boolean present(ActionContext ctx, String stepId) {
        return ctx.output(stepId, "baselineSnapshot").isPresent() || ctx.output(stepId, "baselineFile").isPresent();
    }

    static void save(ActionContext ctx, String stepId, Snapshot snapshot) {
        String json = SnapshotCodec.encode(snapshot);
        if (json.length() <= MAX_IN_STATE) {
            ctx.record("baselineSnapshot", json);
            return;
        }
        String file = stepId + "-baseline.json";
        ctx.writeStateFile(file, json.getBytes(StandardCharsets.UTF_8));
        ctx.record("baselineFile", file);
    }

    /** Empty when the move never got as far as a verified copy (then nothing ever pointed at RDS). */
    static Optional<Snapshot> load(ActionContext ctx, String stepId) {
        Optional<String> inState = ctx.output(stepId, "baselineSnapshot");
        if (inState.isPresent()) {
            return Optional.of(SnapshotCodec.decode(inState.get()));
        }
        Optional<String> file = ctx.output(stepId, "baselineFile");
        if (file.isEmpty()) {
            return Optional.empty();
        }
        Optional<byte[]> kept = ctx.readStateFile(file.get());
        if (kept.isEmpty()) {
            throw Failures.step("the rollback baseline " + file.get() + " is missing beside the state",
                    "Restore it from a backup of the state; without it ferry cannot tell which writes the database"
                            + " received since the step");
        }
        return Optional.of(SnapshotCodec.decode(new String(kept.get(), StandardCharsets.UTF_8)));
    }
}
