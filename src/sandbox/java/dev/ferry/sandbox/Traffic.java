package dev.ferry.sandbox;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One user's steady GETs of a URL during a rehearsal (one resolver cache, so DNS TTLs count as they would), bounded in
 * count and time, on loopback only. Every answer is kept with its time, so failures can be put next to the step that
 * was running.
 */
public final class Traffic implements AutoCloseable {
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Thread thread;

    /** One request: when it was sent and whether it got a 200. */
    public record Sample(Instant at, boolean ok) {
    }

    private Traffic(SandboxInternet.Client client, URI url, Duration every, Duration atMost, int maxRequests) {
        long deadline = System.nanoTime() + atMost.toNanos();
        thread = new Thread(() -> {
            for (int i = 0; i < maxRequests && !stopping.get() && System.nanoTime() < deadline; i++) {
                Instant at = Instant.now();
                try {
                    int status = client.get(url, Duration.ofSeconds(5));
                    samples.add(new Sample(at, status == 200));
                    if (status != 200) {
                        failures.merge("HTTP " + status, 1, Integer::sum);
                    }
                } catch (Exception e) {
                    samples.add(new Sample(at, false));
                    failures.merge(e.getClass().getSimpleName(), 1, Integer::sum);
                }
                if (!pause(every)) {
                    return;
                }
            }
        }, "rehearsal-traffic");
        thread.setDaemon(true);
        thread.start();
    }

    public static Traffic start(SandboxInternet.Client client, URI url, Duration every, Duration atMost, int maxRequests) {
        return new Traffic(client, url, every, atMost, maxRequests);
    }

    public List<Sample> samples() {
        return List.copyOf(samples);
    }

    public long ok() {
        return samples.stream().filter(Sample::ok).count();
    }

    public long failed() {
        return samples.size() - ok();
    }

    /** Failed requests sent between {@code from} and {@code to}. */
    public long failedBetween(Instant from, Instant to) {
        return samples.stream().filter(s -> !s.ok() && !s.at().isBefore(from) && !s.at().isAfter(to)).count();
    }

    /**
     * How long the URL did not answer between {@code from} and {@code to}: from each failed request sent then to the
     * next request sent (or {@code to}). Not failures times the interval: a request takes time of its own, so on a busy
     * machine the requests come further apart than the pause between them.
     */
    public Duration downBetween(Instant from, Instant to) {
        List<Sample> all = samples();
        long millis = 0;
        for (int i = 0; i < all.size(); i++) {
            Sample s = all.get(i);
            if (!s.ok() && !s.at().isBefore(from) && !s.at().isAfter(to)) {
                Instant next = i + 1 < all.size() && all.get(i + 1).at().isBefore(to) ? all.get(i + 1).at() : to;
                millis += Duration.between(s.at(), next).toMillis();
            }
        }
        return Duration.ofMillis(millis);
    }

    public void stop() {
        stopping.set(true);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return ok() + " ok, " + failed() + " failed " + failures;
    }

    private static boolean pause(Duration every) {
        try {
            Thread.sleep(every.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
