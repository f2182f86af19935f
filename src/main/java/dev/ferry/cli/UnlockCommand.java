package dev.ferry.cli;

import dev.ferry.engine.Migration;
import dev.ferry.wiring.Wiring;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "unlock", description = "Free a stale lock left by a ferry that is gone (name its id to be sure).")
final class UnlockCommand implements Callable<Integer> {
    private final Console console;
    private final Wiring wiring;
    @Mixin PlanOptions planOptions;

    @Option(names = "--force", required = true, paramLabel = "LOCK_ID", description = "the id of the lock to free (see `ferry status`)")
    String lockId;

    UnlockCommand(Console console, Wiring wiring) {
        this.console = console;
        this.wiring = wiring;
    }

    @Override
    public Integer call() {
        Migration migration = planOptions.migration(wiring, console);
        migration.stateBackend().forceUnlock(lockId);
        console.out().println(migration.plan().name() + ": lock " + lockId + " freed");
        return 0;
    }
}
