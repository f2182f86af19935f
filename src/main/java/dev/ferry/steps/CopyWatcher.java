package dev.ferry.steps;

import dev.ferry.step.ActionContext;
import dev.ferry.step.CopyActivity;
import dev.ferry.step.DatabasePorts.ConnectionSpec;
import dev.ferry.step.SourceInventory;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * While a restore runs, reads the target's COPY and index progress every {@link #EVERY} (or the run's progress
 * interval, if shorter) and reports each table's bytes, rows, rate and ETA as a status. A watch that cannot connect
 * or read only costs the reports, never the move: it is logged and stops.
 */
final class CopyWatcher implements AutoCloseable {
    static final Duration EVERY = Duration.ofSeconds(2);
    private final ScheduledExecutorService timer;
    private final CopyActivity.Watch watch;

    private CopyWatcher(ScheduledExecutorService timer, CopyActivity.Watch watch) {
        this.timer = timer;
        this.watch = watch;
    }

    static CopyWatcher start(ActionContext ctx, ConnectionSpec target, SourceInventory inventory) {
        CopyActivity.Watch watch;
        try {
            watch = ctx.database().watchCopies(target);
        } catch (RuntimeException e) {
            ctx.log().debug("no copy progress from {}: {}", target, e.getMessage());
            watch = CopyActivity.Watch.NONE;
        }
        CopyReport report = new CopyReport(inventory);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ferry-copy-progress");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(50, Math.min(EVERY.toMillis(), ctx.live().interval().toMillis()));
        CopyActivity.Watch reading = watch;
        timer.scheduleWithFixedDelay(() -> {
            try {
                for (CopyActivity a : reading.read()) {
                    ctx.live().status(report.line(a, Instant.now()));
                }
            } catch (RuntimeException e) {
                ctx.log().debug("copy progress stopped: {}", e.getMessage());
                throw e; // ends the schedule
            }
        }, every, every, TimeUnit.MILLISECONDS);
        return new CopyWatcher(timer, watch);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        watch.close();
    }
}
