package dev.ferry.cli;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.engine.Migration;
import dev.ferry.engine.Runner;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", description = "Apply the remaining steps in order; asks per step on a terminal (--yes for scripts).")
class RunCommand implements Callable<Integer> {
    private final Console console;
    @Mixin PlanOptions planOptions;
    @Mixin ApplyOptions apply;

    @Option(names = "--until", paramLabel = "STEP", description = "pause after STEP (a maintenance-window boundary)")
    String until;

    RunCommand(Console console) {
        this.console = console;
    }

    boolean resume() {
        return false;
    }

    @Override
    public Integer call() {
        if (!apply.yes && !console.terminal()) {
            throw new FerryException(ErrorCode.INVALID_INPUT, "standard input is not a terminal, so ferry cannot ask per"
                    + " step; pass --yes to apply every step (and --confirm STEP for one-way steps)");
        }
        Migration migration = Wiring.migration(planOptions, console, apply);
        Flags.requireStep("--until", until, migration);
        Runner.Outcome outcome = new Runner(migration, Wiring.operator(apply, console)).run(resume(), Optional.ofNullable(until));
        console.out().println(migration.plan().name() + ": " + outcome.name().toLowerCase());
        return outcome == Runner.Outcome.QUIT ? ErrorCode.INTERRUPTED.exitCode() : 0;
    }
}
