package dev.ferry.sandbox.aws;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The registered targets of every target group and their health, from real HTTP probes: initial → healthy after
 * HealthyThresholdCount passes, unhealthy after UnhealthyThresholdCount failures; unused while no listener rule
 * forwards to the group; draining for the deregistration delay after DeregisterTargets.
 */
final class TargetHealth implements AutoCloseable {

    /** One target and its health. */
    record Target(String id, int port, String state, String reason, int passes, int failures, Instant drainingSince) {
        Target with(String newState, String newReason, int newPasses, int newFailures) {
            return new Target(id, port, newState, newReason, newPasses, newFailures, drainingSince);
        }
    }

    private final Env env;
    private final Function<String, TargetGroup> groups;
    private final Predicate<String> inUse;
    private final Map<String, Map<String, Target>> targets = new ConcurrentHashMap<>();
    private final AtomicBoolean probing = new AtomicBoolean();
    private final java.util.concurrent.ScheduledFuture<?> loop;

    TargetHealth(Env env, Function<String, TargetGroup> groups, Predicate<String> inUse) {
        this.env = env;
        this.groups = groups;
        this.inUse = inUse;
        long every = env.delays().healthCheckInterval().toMillis();
        loop = env.timer().scheduleWithFixedDelay(() -> {
            if (probing.compareAndSet(false, true)) {
                env.background("health checks", this::probeAll);
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    synchronized void register(String groupArn, String id, int port) {
        targets.computeIfAbsent(groupArn, k -> new LinkedHashMap<>())
                .put(id + ":" + port, new Target(id, port, "initial", "Elb.RegistrationInProgress", 0, 0, null));
    }

    synchronized void deregister(String groupArn, String id, int port) {
        Map<String, Target> group = targets.get(groupArn);
        Target t = group == null ? null : group.get(id + ":" + port);
        if (t != null && t.drainingSince() == null) {
            group.put(id + ":" + port, new Target(id, port, "draining", "Target.DeregistrationInProgress", 0, 0, Instant.now()));
        }
    }

    /** The targets of a group with their current state (unused when no rule forwards to the group). */
    List<Target> of(String groupArn) {
        boolean used = inUse.test(groupArn);
        List<Target> all;
        synchronized (this) {
            all = new ArrayList<>(targets.getOrDefault(groupArn, Map.of()).values());
        }
        if (!used) {
            all.replaceAll(t -> t.drainingSince() != null ? t : t.with("unused", "Target.NotInUse", t.passes(), t.failures()));
        }
        return all;
    }

    boolean healthy(String groupArn, String id, int port) {
        return of(groupArn).stream().anyMatch(t -> t.id().equals(id) && t.port() == port
                && (t.state().equals("healthy") || t.state().equals("unused")));
    }

    synchronized void forget(String groupArn) {
        targets.remove(groupArn);
    }

    private void probeAll() {
        try {
            Map<String, List<Target>> snapshot = new LinkedHashMap<>();
            synchronized (this) {
                expireDraining();
                targets.forEach((arn, group) -> snapshot.put(arn, List.copyOf(group.values())));
            }
            snapshot.forEach((arn, list) -> {
                TargetGroup group = groups.apply(arn);
                if (group != null) {
                    list.stream().filter(t -> t.drainingSince() == null).forEach(t -> record(arn, t, probe(group, t)));
                }
            });
        } finally {
            probing.set(false);
        }
    }

    private void expireDraining() {
        Instant cutoff = Instant.now().minus(env.delays().targetDeregistration());
        targets.values().forEach(group -> group.values().removeIf(t -> t.drainingSince() != null
                && t.drainingSince().isBefore(cutoff)));
    }

    private void record(String arn, Target probed, String failure) {
        TargetGroup settings = groups.apply(arn);
        synchronized (this) {
            update(arn, probed, failure, settings);
        }
    }

    private void update(String arn, Target probed, String failure, TargetGroup settings) {
        Map<String, Target> group = targets.get(arn);
        Target current = group == null ? null : group.get(probed.id() + ":" + probed.port());
        if (current == null || current.drainingSince() != null || settings == null) {
            return;
        }
        int passes = failure == null ? current.passes() + 1 : 0;
        int failures = failure == null ? 0 : current.failures() + 1;
        Target next = current.with(current.state(), current.reason(), passes, failures);
        if (passes >= settings.healthyThreshold()) {
            next = next.with("healthy", null, passes, failures);
        } else if (failures >= settings.unhealthyThreshold()) {
            next = next.with("unhealthy", failure, passes, failures);
        }
        group.put(probed.id() + ":" + probed.port(), next);
    }

    /** Null when the target answered with a matching code, else the ELB reason code. */
    private static String probe(TargetGroup group, Target target) {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL("http://" + target.id() + ":" + target.port()
                    + group.healthPath()).openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(Math.max(1000, group.timeout() * 1000 / 5));
            int code = c.getResponseCode();
            c.disconnect();
            return matches(group.matcher(), code) ? null : "Target.ResponseCodeMismatch";
        } catch (java.net.SocketTimeoutException e) {
            return "Target.Timeout";
        } catch (IOException e) {
            return "Target.FailedHealthChecks";
        }
    }

    /** ELB matchers: "200", "200,302" or "200-299". */
    static boolean matches(String matcher, int code) {
        for (String part : matcher.split(",")) {
            String[] range = part.strip().split("-");
            int low = Integer.parseInt(range[0].strip());
            int high = range.length > 1 ? Integer.parseInt(range[1].strip()) : low;
            if (code >= low && code <= high) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        loop.cancel(false);
    }
}
