package dev.ferry.steps;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or a deadline passes. */
final class Poll {
    private Poll() {
    }

    /** Returns true as soon as {@code done} holds; false when {@code timeout} passed first. */
    static boolean until(Duration timeout, Duration interval, BooleanSupplier done) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            if (done.getAsBoolean()) {
                return true;
            }
            if (Instant.now().plus(interval).isAfter(deadline)) {
                return false;
            }
            sleep(interval);
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.ferry.FerryException(dev.ferry.ErrorCode.INTERRUPTED, "interrupted while waiting", e);
        }
    }
}
