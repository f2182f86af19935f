package dev.ferry.cli;

import dev.ferry.engine.Migration;
import dev.ferry.engine.ProgressSink;
import dev.ferry.plan.LoadedPlan;
import dev.ferry.wiring.Wiring;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Options every plan command shares. */
public final class PlanOptions {
    @Parameters(index = "0", paramLabel = "PLAN", description = "the plan file (YAML)")
    Path plan;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "where state, journal, lock and the run log (ferry.log) live (default: .ferry/<plan-name>/"
                    + " next to the plan, which also holds the run log when the plan keeps its state in S3)")
    Path stateDir;

    LoadedPlan load(Wiring wiring) {
        return wiring.load(plan);
    }

    Migration migration(Wiring wiring, Console console) {
        return migration(wiring, console, new ApplyOptions());
    }

    /** Loads the plan and its state, refusing flags that do not fit them before anything is locked or written. */
    Migration migration(Wiring wiring, Console console, ApplyOptions apply) {
        return migration(wiring, console, apply, null);
    }

    /** Where the last {@link #migration} keeps its local files (state, or for S3 state at least the run log). */
    Path resolvedStateDirectory;

    /** The same, talking through {@code progress} (null: timestamped lines on the console's stderr). */
    Migration migration(Wiring wiring, Console console, ApplyOptions apply, ProgressSink progress) {
        Flags.requireRegion(apply.region);
        LoadedPlan loaded = load(wiring);
        Path stateDirectory = wiring.stateDirectory(loaded, stateDir);
        if (loaded.plan().state().isS3()) {
            Flags.requireNoStateDirectory(stateDir, loaded.plan().state());
        } else {
            Flags.requireStateDirectory(stateDirectory);
        }
        resolvedStateDirectory = stateDirectory;
        Migration migration = progress == null ? wiring.migration(loaded, stateDirectory, apply.connect(), console.err())
                : wiring.migration(loaded, stateDirectory, apply.connect(), progress);
        Flags.requireOneWay(apply.confirm, migration);
        return migration;
    }
}
