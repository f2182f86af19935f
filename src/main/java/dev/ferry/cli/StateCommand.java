package dev.ferry.cli;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.plan.LoadedPlan;
import dev.ferry.plan.StateLocation;
import dev.ferry.state.StateBackend;
import dev.ferry.state.StateBackends;
import dev.ferry.state.StateTransfer;
import dev.ferry.wiring.ConnectOptions;
import dev.ferry.wiring.Wiring;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ferry state push|pull}: move a plan's state between this machine and the plan's shared S3 state. */
@Command(name = "state", description = "Move a plan's state between this machine and the plan's S3 state (state: in"
        + " the plan).", subcommands = {StateCommand.Push.class, StateCommand.Pull.class})
final class StateCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: push or pull");
    }

    @Command(name = "push", description = "Copy the local state (.ferry/<plan>/ or --state-dir: state, journal, side"
            + " files) to the plan's S3 state; refuses to replace a newer or different state there.")
    static final class Push extends Copy {
        Push(Console console, Wiring wiring) {
            super(console, wiring, StateTransfer.Direction.PUSH);
        }
    }

    @Command(name = "pull", description = "Copy the plan's S3 state (state, journal, side files) to the local state"
            + " (.ferry/<plan>/ or --state-dir); refuses to replace a newer or different state here.")
    static final class Pull extends Copy {
        Pull(Console console, Wiring wiring) {
            super(console, wiring, StateTransfer.Direction.PULL);
        }
    }

    /** What push and pull share: load the plan, open both places, ask, copy, say what was copied. */
    abstract static class Copy implements Callable<Integer> {
        private final Console console;
        private final Wiring wiring;
        private final StateTransfer.Direction direction;
        @Mixin PlanOptions planOptions;

        @Option(names = {"-y", "--yes"}, description = "do not ask before copying (for scripts)")
        boolean yes;

        @Option(names = "--force", description = "replace a newer state, or one of the same serial that differs, at"
                + " the destination (a state of another lineage is always refused)")
        boolean force;

        Copy(Console console, Wiring wiring, StateTransfer.Direction direction) {
            this.console = console;
            this.wiring = wiring;
            this.direction = direction;
        }

        @Override
        public Integer call() {
            if (!yes && !console.terminal()) {
                throw new FerryException(ErrorCode.INVALID_INPUT, "standard input is not a terminal, so ferry cannot"
                        + " ask; pass --yes to " + verb() + " without asking");
            }
            LoadedPlan loaded = planOptions.load(wiring);
            StateLocation location = loaded.plan().state();
            if (!location.isS3()) {
                throw new FerryException(ErrorCode.INVALID_INPUT, "plan " + loaded.plan().name() + " keeps its state"
                        + " locally (it has no state: section with backend: s3), so there is nothing to " + verb()
                        + "; add state: {backend: s3, bucket: BUCKET, key: KEY} to " + loaded.file());
            }
            Path directory = wiring.stateDirectory(loaded, planOptions.stateDir);
            Flags.requireStateDirectory(directory);
            StateBackends backends = wiring.stateBackends(loaded.plan(), ConnectOptions.defaults());
            StateTransfer transfer = new StateTransfer(backends.local(directory),
                    backends.remote(location.bucket(), location.key(), location.region()), Clock.systemUTC());
            Optional<StateTransfer.Copy> copy = direction == StateTransfer.Direction.PUSH
                    ? transfer.push(force, this::confirm) : transfer.pull(force, this::confirm);
            if (copy.isEmpty()) {
                console.err().println("ferry: nothing was copied");
                return ErrorCode.INTERRUPTED.exitCode();
            }
            console.out().println(loaded.plan().name() + ": " + describe(copy.get()));
            return 0;
        }

        private boolean confirm(StateTransfer.Copy planned) {
            if (yes) {
                return true;
            }
            console.err().print(verb() + " state serial " + planned.serial() + " (lineage " + planned.lineage()
                    + ") from " + planned.from() + " to " + planned.to() + "? [y/N] ");
            console.err().flush();
            try {
                String answer = new BufferedReader(new InputStreamReader(console.in(), StandardCharsets.UTF_8))
                        .readLine();
                return answer != null && answer.trim().toLowerCase().matches("y|yes");
            } catch (IOException e) {
                return false;
            }
        }

        private String verb() {
            return direction.name().toLowerCase();
        }

        private static String describe(StateTransfer.Copy copy) {
            String what = copy.stateWritten() ? "copied state serial " + copy.serial() : "state serial "
                    + copy.serial() + " was already there";
            return what + " (lineage " + copy.lineage() + ") from " + copy.from() + " to " + copy.to() + ", "
                    + copy.journalLines() + " new journal line" + (copy.journalLines() == 1 ? "" : "s") + ", "
                    + copy.sideFiles().size() + " side file" + (copy.sideFiles().size() == 1 ? "" : "s");
        }
    }
}
