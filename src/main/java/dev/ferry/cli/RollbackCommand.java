package dev.ferry.cli;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.engine.Migration;
import dev.ferry.engine.Rollback;
import dev.ferry.wiring.Wiring;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "rollback", description = "Undo applied steps in reverse order, down to and including --to STEP, or only --last.")
final class RollbackCommand implements Callable<Integer> {
    private final Console console;
    private final Wiring wiring;
    @Mixin PlanOptions planOptions;
    @Mixin ApplyOptions apply;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--to", paramLabel = "STEP", description = "roll back every applied step from the last down to STEP")
        String to;

        @Option(names = "--last", description = "roll back only the most recently applied step")
        boolean last;

        @Option(names = "--undone-by-hand", paramLabel = "STEP", description = "record STEP as rolled back without"
                + " running anything, after its rollback failed and you undid it by hand (typed confirmation)")
        String byHand;
    }

    RollbackCommand(Console console, Wiring wiring) {
        this.console = console;
        this.wiring = wiring;
    }

    @Override
    public Integer call() {
        if (!apply.yes && !console.terminal()) {
            throw new FerryException(ErrorCode.INVALID_INPUT, "standard input is not a terminal, so ferry cannot ask;"
                    + " pass --yes to roll back without asking (and --confirm STEP to pass a one-way step)");
        }
        List<String> confirmed = apply.confirm;
        if (target.byHand != null) {
            // the typed confirmation of a by-hand record names a reversible step, which --confirm otherwise refuses
            apply.confirm = confirmed.stream().filter(id -> !id.equals(target.byHand)).toList();
        }
        Migration migration = planOptions.migration(wiring, console, apply);
        apply.confirm = confirmed;
        Flags.requireStep("--to", target.to, migration);
        Flags.requireStep("--undone-by-hand", target.byHand, migration);
        Rollback rollback = new Rollback(migration, apply.operator(wiring, console));
        // a plan with no state has nothing to roll back and is refused with nothing written, the log included
        migration.requireConsistentState();
        try (RunLog log = migration.hasState() ? RunLog.open(planOptions.resolvedStateDirectory, List.of())
                : RunLog.none()) {
            if (target.byHand != null) {
                rollback.undoneByHand(target.byHand);
                console.out().println(migration.plan().name() + ": recorded " + target.byHand
                        + " as rolled back by hand");
                return 0;
            }
            List<String> undone = target.last ? rollback.last() : rollback.to(target.to);
            console.out().println(migration.plan().name() + ": rolled back " + String.join(", ", undone));
        }
        return 0;
    }
}
