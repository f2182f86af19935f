package dev.ferry.host;

import dev.ferry.step.RemoteShell.RemoteCommand;
import java.time.Duration;

/** Timeouts for remote commands: compose start/stop/up can take minutes; data copies take as long as they take. */
public final class RemoteTimeouts {
    public static final Duration COMPOSE = Duration.ofMinutes(10);
    public static final Duration DATA = Duration.ofHours(12);

    private RemoteTimeouts() {
    }

    /** A compose command that may wait for {@code grace} per container before it returns. */
    public static RemoteCommand slow(String command, Duration grace) {
        Duration timeout = grace == null ? COMPOSE : COMPOSE.plus(grace.multipliedBy(2));
        return RemoteCommand.of(command, timeout);
    }

    /** A long data-moving command; never retried automatically. */
    public static RemoteCommand data(String command, String display) {
        return RemoteCommand.of(command, DATA).shownAs(display).oneShot();
    }
}
