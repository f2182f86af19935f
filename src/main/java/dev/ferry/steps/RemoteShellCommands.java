package dev.ferry.steps;

import dev.ferry.step.RemoteShell.RemoteCommand;
import java.time.Duration;

/** Timeouts for remote commands: compose start/stop/up can take minutes; data copies take as long as they take. */
final class RemoteShellCommands {
    static final Duration COMPOSE = Duration.ofMinutes(10);
    static final Duration DATA = Duration.ofHours(12);

    private RemoteShellCommands() {
    }

    /** A compose command that may wait for {@code grace} per container before it returns. */
    static RemoteCommand slow(String command, Duration grace) {
        Duration timeout = grace == null ? COMPOSE : COMPOSE.plus(grace.multipliedBy(2));
        return RemoteCommand.of(command, timeout);
    }

    /** A long data-moving command; never retried automatically. */
    static RemoteCommand data(String command, String display) {
        return RemoteCommand.of(command, DATA).shownAs(display).oneShot();
    }
}
