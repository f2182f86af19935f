package dev.ferry.engine;

import dev.ferry.step.HttpProbe;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Measures the app's downtime during a run with ferry's own probe: a GET of the edge URL every {@code period}; each
 * failed or non-2xx/3xx answer counts one period of downtime against the step that was running.
 */
public final class Downtime implements AutoCloseable {
    private final URI url;
    private final HttpProbe probe;
    private final Duration period;
    private final Supplier<String> step;
    private final Map<String, Long> downMillis = new LinkedHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ferry-downtime-probe");
        t.setDaemon(true);
        return t;
    });
    private long probes;

    Downtime(URI url, HttpProbe probe, Duration period, Supplier<String> step) {
        this.url = url;
        this.probe = probe;
        this.period = period;
        this.step = step;
        timer.scheduleWithFixedDelay(this::probeOnce, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    public URI url() {
        return url;
    }

    private void probeOnce() {
        String current = step.get();
        boolean up;
        try {
            int status = probe.get(url, period.multipliedBy(2));
            up = status >= 200 && status < 400;
        } catch (Exception e) {
            up = false;
        } 
        synchronized (this) {
            probes++;
            if (!up) {
                downMillis.merge(current == null || current.isEmpty() ? "-" : current, period.toMillis(), Long::sum);
            }
        }
    }

    /** Seconds of downtime per step (steps with none are absent). */
    public synchronized Map<String, Duration> perStep() {
        Map<String, Duration> out = new LinkedHashMap<>();
        downMillis.forEach((k, v) -> out.put(k, Duration.ofMillis(v)));
        return out;
    }

    public synchronized Duration total() {
        return Duration.ofMillis(downMillis.values().stream().mapToLong(Long::longValue).sum());
    }

    public synchronized long probes() {
        return probes;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
