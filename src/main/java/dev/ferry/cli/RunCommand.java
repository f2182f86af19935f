package dev.ferry.cli;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.engine.Migration;
import dev.ferry.engine.ProgressSink;
import dev.ferry.engine.ProgressStyle;
import dev.ferry.engine.RunSummary;
import dev.ferry.engine.Runner;
import dev.ferry.state.Json;
import dev.ferry.wiring.Wiring;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", description = "Apply the remaining steps in order; asks per step on a terminal (--yes for scripts)."
        + " Ends with a summary (steps, time, downtime measured through the plan's edge); logs to ferry.log in the"
        + " state directory.")
class RunCommand implements Callable<Integer> {
    private final Console console;
    private final Wiring wiring;
    @Mixin PlanOptions planOptions;
    @Mixin ApplyOptions apply;
    @Mixin OutputOptions output;

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
    public Integer call() throws Exception {
        if (!apply.yes && !console.terminal()) {
            throw new FerryException(ErrorCode.INVALID_INPUT, "standard input is not a terminal, so ferry cannot ask per"
                    + " step; pass --yes to apply every step (and --confirm STEP for one-way steps)");
        }
        ProgressSink progress = new ProgressSink(console.err(), style(), Clock.systemDefaultZone(),
                wiring.progressInterval());
        Migration migration = planOptions.migration(wiring, console, apply, progress);
        Flags.requireStep("--until", until, migration);
        Runner runner = new Runner(migration, apply.operator(wiring, console))
                .measuringDowntime(wiring.httpProbe(), Duration.ofSeconds(1));
        // a resume with nothing to resume is refused before anything is written, the log included
        boolean refused = resume() && !migration.hasState();
        migration.requireConsistentState();
        try (RunLog log = refused ? RunLog.none() : RunLog.open(planOptions.resolvedStateDirectory, List.of())) {
            Runner.Outcome outcome;
            try {
                outcome = runner.run(resume(), Optional.ofNullable(until));
            } catch (RuntimeException e) {
                print(runner.summary(), true);
                throw e;
            }
            print(runner.summary(), false);
            return outcome == Runner.Outcome.QUIT ? ErrorCode.INTERRUPTED.exitCode() : 0;
        }
    }

    /** Results on stdout; after a failure the summary goes to stderr, before the error. */
    private void print(RunSummary summary, boolean failed) throws Exception {
        if (summary == null) {
            return;
        }
        org.slf4j.LoggerFactory.getLogger(RunCommand.class).debug("summary: {}", summary.lines());
        if (output.json()) {
            (failed ? console.err() : console.out()).println(Json.mapper().writeValueAsString(summary.json()));
            return;
        }
        summary.lines().forEach((failed ? console.err() : console.out())::println);
    }

    /** A status line only when stderr is this process's own and a terminal; in-process callers get lines. */
    private ProgressStyle style() {
        boolean console = this.console.err() == System.err && System.console() != null;
        return ProgressStyle.detect(System.getenv(), console, System.getProperty("native.encoding", "UTF-8"));
    }
}
