package dev.ferry.sandbox.aws;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every service of the sandbox shares: the seed, the delays, where files go and the threads that move
 * resources through their states. {@code serverBase} is world-traversable (PostgreSQL runs as {@code nobody}).
 */
record Env(SandboxWorld world, Delays delays, Path workDir, Path serverBase, ScheduledExecutorService timer,
           ExecutorService workers) {
    private static final Logger LOG = LoggerFactory.getLogger(Env.class);

    /** Runs {@code action} after {@code delay} on a worker thread, logging what it throws. */
    void later(Duration delay, String what, Runnable action) {
        timer.schedule(() -> background(what, action), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code action} now on a worker thread, logging what it throws. */
    void background(String what, Runnable action) {
        if (workers.isShutdown()) {
            return;
        }
        workers.execute(() -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.warn("sandbox: {} failed", what, e);
            }
        });
    }

    String arn(String service, String resource) {
        return world.arn(service, resource);
    }
}
