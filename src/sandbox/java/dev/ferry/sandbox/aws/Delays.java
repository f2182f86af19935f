package dev.ferry.sandbox.aws;

import java.time.Duration;

/**
 * How long the sandbox's resources take to change state. {@link #fast()} suits tests; {@link #realistic()} is
 * close to what AWS takes and suits the benchmark.
 *
 * @param rdsCreate           creating → backing-up (at least as long as the real PostgreSQL takes to start)
 * @param rdsBackup           backing-up → available
 * @param rdsDelete           deleting → gone
 * @param cacheCreate         creating → available
 * @param cacheDelete         deleting → gone
 * @param taskProvision       PROVISIONING → PENDING
 * @param taskStart           PENDING → RUNNING (at least until the task's process accepts connections)
 * @param taskStopTimeout     SIGTERM → SIGKILL when a task is stopped (ECS stopTimeout)
 * @param targetDeregistration how long a deregistered target stays draining
 * @param healthCheckInterval the interval of load balancer health checks
 * @param route53Sync         PENDING → INSYNC
 * @param reconcileInterval   how often the ECS scheduler looks at services
 * @param aliasTtl            the TTL of Route 53's answers for alias records (60 s for an ALB on AWS)
 */
public record Delays(Duration rdsCreate, Duration rdsBackup, Duration rdsDelete, Duration cacheCreate,
                     Duration cacheDelete, Duration taskProvision, Duration taskStart, Duration taskStopTimeout,
                     Duration targetDeregistration, Duration healthCheckInterval, Duration route53Sync,
                     Duration reconcileInterval, Duration aliasTtl) {

    public static Delays fast() {
        return new Delays(Duration.ofSeconds(3), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofMillis(500), Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofMillis(300), Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofMillis(100),
                Duration.ofSeconds(2));
    }

    public static Delays realistic() {
        return new Delays(Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(6),
                Duration.ofMinutes(3), Duration.ofSeconds(20), Duration.ofSeconds(15), Duration.ofSeconds(30),
                Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(45), Duration.ofSeconds(1),
                Duration.ofSeconds(60));
    }

    /** Every delay multiplied by {@code factor} (e.g. 0.1 for a quick rehearsal with realistic proportions). */
    public Delays scaled(double factor) {
        return new Delays(scale(rdsCreate, factor), scale(rdsBackup, factor), scale(rdsDelete, factor),
                scale(cacheCreate, factor), scale(cacheDelete, factor), scale(taskProvision, factor),
                scale(taskStart, factor), scale(taskStopTimeout, factor), scale(targetDeregistration, factor),
                scale(healthCheckInterval, factor), scale(route53Sync, factor), reconcileInterval,
                Duration.ofSeconds(Math.max(1, Math.round(aliasTtl.toSeconds() * factor))));
    }

    private static Duration scale(Duration d, double factor) {
        return Duration.ofMillis(Math.round(d.toMillis() * factor));
    }
}
