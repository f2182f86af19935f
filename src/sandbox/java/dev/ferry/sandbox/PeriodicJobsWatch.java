package dev.ferry.sandbox;

import dev.ferry.plan.StepIds;
import dev.ferry.sandbox.app.PeriodicJobs;
import dev.ferry.sandbox.app.PeriodicJobs.Presence;
import dev.ferry.state.StateStore;
import dev.ferry.state.StepStatus;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Reads Redash's periodic jobs on ElastiCache as soon as the state records repoint-redis applied, while the run goes
 * on: the demo runs the plan through, as an operator would, instead of pausing after the step to look.
 */
final class PeriodicJobsWatch implements AutoCloseable {
    private static final Duration SCHEDULER_GRACE = Duration.ofSeconds(30);
    private final CompletableFuture<Presence> presence = new CompletableFuture<>();
    private final Thread thread;
    private volatile boolean stopped;

    private PeriodicJobsWatch(Path stateDirectory, Supplier<URI> cacheUrl, PrintStream diagnostics) {
        thread = new Thread(() -> watch(stateDirectory, cacheUrl, diagnostics), "periodic-jobs-watch");
        thread.setDaemon(true);
    }

    /** {@code cacheUrl}: the URL ferry stored for the cache, read once repoint-redis is applied. */
    static PeriodicJobsWatch start(Path stateDirectory, Supplier<URI> cacheUrl, PrintStream diagnostics) {
        PeriodicJobsWatch watch = new PeriodicJobsWatch(stateDirectory, cacheUrl, diagnostics);
        watch.thread.start();
        return watch;
    }

    private void watch(Path stateDirectory, Supplier<URI> cacheUrl, PrintStream diagnostics) {
        try {
            StateStore store = new StateStore(stateDirectory, Clock.systemUTC());
            while (!stopped) {
                boolean repointed = store.load().flatMap(s -> s.step(StepIds.REPOINT_REDIS))
                        .map(r -> r.status() == StepStatus.APPLIED).orElse(false);
                if (repointed) {
                    Presence found = PeriodicJobs.await(cacheUrl.get(), SCHEDULER_GRACE);
                    diagnostics.println("demo: periodic jobs on ElastiCache after repoint-redis: " + found.found()
                            + " of " + found.expected());
                    presence.complete(found);
                    return;
                }
                Thread.sleep(200);
            }
            presence.complete(Presence.none());
        } catch (InterruptedException e) {
            presence.complete(Presence.none());
        } catch (RuntimeException e) {
            presence.completeExceptionally(e);
        }
    }

    /** What it found; none when repoint-redis was never applied. Waits for a read in progress to end. */
    Presence result() {
        stopped = true;
        try {
            return presence.get(SCHEDULER_GRACE.toSeconds() + 30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Presence.none();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not read the periodic jobs on ElastiCache", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the periodic jobs on ElastiCache were not read within "
                    + (SCHEDULER_GRACE.toSeconds() + 30) + " s", e);
        }
    }

    @Override
    public void close() {
        stopped = true;
    }
}
