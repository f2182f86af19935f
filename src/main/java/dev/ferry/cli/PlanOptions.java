package dev.ferry.cli;

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
}
