package dev.ferry.doctor;

import dev.ferry.step.Check;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs probes, each under a time limit, so a host or endpoint that never answers costs one check's timeout and not
 * the whole doctor. Lanes (say: the host, AWS) run side by side; the probes of a lane run in order. A probe that
 * overruns is abandoned (its thread is a daemon and is interrupted) and reported as failed, naming the limit.
 */
public final class Doctor {
    private final Duration timeout;

    public Doctor(Duration timeout) {
        this.timeout = timeout;
    }

    /** The checks of every lane, lanes in the given order and each lane's in its own order. */
    public List<Check> run(List<List<Probe>> lanes) {
        ExecutorService threads = Executors.newCachedThreadPool(daemons());
        try {
            List<CompletableFuture<List<Check>>> running = lanes.stream()
                    .map(lane -> CompletableFuture.supplyAsync(() -> runLane(lane, threads), threads)).toList();
            List<Check> checks = new ArrayList<>();
            running.forEach(lane -> checks.addAll(lane.join()));
            return checks;
        } finally {
            threads.shutdownNow();
        }
    }

    private List<Check> runLane(List<Probe> lane, ExecutorService threads) {
        Map<String, Check> done = new LinkedHashMap<>();
        for (Probe probe : lane) {
            List<String> unmet = probe.needs().stream()
                    .filter(need -> done.containsKey(need) && !done.get(need).passed()).toList();
            Check check = unmet.isEmpty() ? timed(probe, threads)
                    : Check.skipped("not checked: " + String.join(", ", unmet) + " failed").named(probe.name());
            done.put(probe.name(), check);
        }
        return List.copyOf(done.values());
    }

    private Check timed(Probe probe, ExecutorService threads) {
        long start = System.nanoTime();
        Future<Check> result = threads.submit(() -> guarded(probe));
        Check check;
        try {
            check = result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            check = Check.fail("no answer within " + seconds(timeout) + " (the check was abandoned)",
                    "Find out what hangs (network, firewall, a stuck command on the host, the AWS endpoint),"
                            + " then run `ferry doctor` again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.cancel(true);
            check = Check.fail("interrupted", null);
        } catch (ExecutionException e) {
            check = Check.failed(new IllegalStateException(e.getCause()));
        }
        return check.named(probe.name()).took((System.nanoTime() - start) / 1_000_000);
    }

    private static Check guarded(Probe probe) {
        try {
            Check check = probe.body().get();
            return check == null ? Check.fail("the check returned nothing (a bug)", null) : check;
        } catch (RuntimeException e) {
            return Check.failed(e);
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format("%.1f s", d.toMillis() / 1000.0);
    }

    private static java.util.concurrent.ThreadFactory daemons() {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "ferry-doctor-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
