package dev.ferry.cli;

import dev.ferry.engine.Migration;
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
            description = "where state, journal, lock and logs live (default: .ferry/<plan-name>/ next to the plan)")
    Path stateDir;

    LoadedPlan load(Wiring wiring) {
        return wiring.load(plan);
    }

    Migration migration(Wiring wiring, Console console) {
        return migration(wiring, console, new ApplyOptions());
    }

    /** Loads the plan and its state, refusing flags that do not fit them before anything is locked or written. */
    Migration migration(Wiring wiring, Console console, ApplyOptions apply) {
        Flags.requireRegion(apply.region);
        LoadedPlan loaded = load(wiring);
        Path stateDirectory = wiring.stateDirectory(loaded, stateDir);
        if (loaded.plan().state().isS3()) {
            Flags.requireNoStateDirectory(stateDir, loaded.plan().state());
        } else {
            Flags.requireStateDirectory(stateDirectory);
        }
        Migration migration = wiring.migration(loaded, stateDirectory, apply.connect(), console.err());
        Flags.requireOneWay(apply.confirm, migration);
        return migration;
    }
}
