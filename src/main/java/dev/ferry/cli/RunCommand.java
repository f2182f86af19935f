package dev.ferry.cli;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.engine.Migration;
import dev.ferry.engine.Runner;
import dev.ferry.wiring.Wiring;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", description = "Apply the remaining steps in order; asks per step on a terminal (--yes for scripts).")
class RunCommand implements Callable<Integer> {
    private final Console console;
    private final Wiring wiring;
    @Mixin PlanOptions planOptions;
    @Mixin ApplyOptions apply;

    @Option(names = "--until", paramLabel = "STEP", description = "pause after STEP (a maintenance-window boundary)")
    String until;

    RunCommand(Console console, Wiring wiring) {
        this.console = console;
        this.wiring = wiring;
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
        Migration migration = planOptions.migration(wiring, console, apply);
        Flags.requireStep("--until", until, migration);
        Runner.Outcome outcome = new Runner(migration, apply.operator(wiring, console)).run(resume(), Optional.ofNullable(until));
        console.out().println(migration.plan().name() + ": " + outcome.name().toLowerCase());
        return outcome == Runner.Outcome.QUIT ? ErrorCode.INTERRUPTED.exitCode() : 0;
    }
}
