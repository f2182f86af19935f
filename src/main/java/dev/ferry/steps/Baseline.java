package dev.ferry.steps;

import dev.ferry.Failures;
import dev.ferry.step.DatabasePorts.Snapshot;
import dev.ferry.database.SnapshotCodec;
import dev.ferry.step.ActionContext;
import dev.ferry.state.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * A database's full snapshot right after a step changed it (RDS after move-database, the local database after
 * upgrade-local-postgres): what the step's rollback compares with to find the writes made since. It holds table and sequence names, counts, values and row digests, never data or credentials. Small
 * ones go into state as the output {@code baselineSnapshot}; larger ones into a file in the state directory, named by
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
        Path file = ctx.stateDirectory().resolve(stepId + "-baseline.json");
        try {
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            PrivateFiles.write(temp, json);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the rollback baseline " + file, e);
        }
        ctx.record("baselineFile", file.getFileName().toString());
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
        Path path = ctx.stateDirectory().resolve(file.get());
        try {
            return Optional.of(SnapshotCodec.decode(Files.readString(path)));
        } catch (IOException e) {
            throw Failures.step("the rollback baseline " + path + " cannot be read (" + e.getMessage() + ")",
                    "Restore it from a backup of the state directory; without it ferry cannot tell which writes"
                            + " the database received since the step");
        }
    }
}
