package dev.ferry.aws;

import dev.ferry.step.Progress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Reports a wait while it lasts: every {@link Progress#interval()} it reads the resource's state once (one describe
 * call) and reports {@code waiting for RDS DB instance x: creating (1m20s elapsed)}. The SDK waiter polls on its own
 * schedule and exposes no per-poll hook, so this reads the state itself, at the slower reporting pace.
 */
final class WaitReports implements AutoCloseable {
    private final ScheduledExecutorService timer;

    private WaitReports(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    static WaitReports start(Progress progress, String what, Supplier<String> state) {
        Instant started = Instant.now();
        long every = Math.max(50, progress.interval().toMillis());
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ferry-wait-reports");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> progress.status(what + ": " + state.get() + " ("
                + Progress.elapsed(Duration.between(started, Instant.now())) + " elapsed)"), every, every,
                TimeUnit.MILLISECONDS);
        return new WaitReports(timer);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
