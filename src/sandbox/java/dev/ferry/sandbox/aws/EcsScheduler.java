package dev.ferry.sandbox.aws;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ECS service scheduler: converges each service's tasks to its desired count through deployments that respect
 * minimumHealthyPercent and maximumPercent (every task not yet STOPPED counts against the maximum, so a 0/100
 * singleton never runs two tasks), and trips the deployment circuit breaker (rolling back when asked).
 */
final class EcsScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EcsScheduler.class);

    private final EcsState state;
    private final TaskRunner runner;
    private final LoadBalancing loadBalancing;
    private final ScheduledFuture<?> loop;

    EcsScheduler(Env env, EcsState state, TaskRunner runner, LoadBalancing loadBalancing) {
        this.state = state;
        this.runner = runner;
        this.loadBalancing = loadBalancing;
        long every = env.delays().reconcileInterval().toMillis();
        this.loop = env.timer().scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            synchronized (state) {
                runner.reapExited();
                for (EcsServiceState service : state.services()) {
                    if (service.status().equals("DRAINING")) {
                        drain(service);
                    } else if (service.status().equals("ACTIVE")) {
                        reconcile(service);
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("ECS scheduler tick failed", e);
        }
    }

    private void drain(EcsServiceState service) {
        List<EcsTask> tasks = state.tasksOf(service);
        tasks.forEach(t -> runner.stop(t, "ServiceSchedulerInitiated", "Service is being deleted"));
        if (tasks.stream().allMatch(EcsTask::stopped)) {
            state.put(service.withStatus("INACTIVE"));
        }
    }

    private void reconcile(EcsServiceState service) {
        Deployment primary = service.primary();
        List<EcsTask> tasks = state.tasksOf(service);
        int desired = service.desiredCount();
        List<EcsTask> primaryLive = new ArrayList<>(live(tasks, primary.id()));
        // scaling in: stop the newest, not-yet-running first
        primaryLive.sort(Comparator.comparing(EcsTask::running).thenComparing(EcsTask::createdAt, Comparator.reverseOrder()));
        while (primaryLive.size() > desired) {
            runner.stop(primaryLive.remove(0), "ServiceSchedulerInitiated", "Scaling activity initiated by (deployment "
                    + primary.id() + ")");
        }
        retireOldTasks(service, tasks);
        if (tripCircuitBreaker(service)) {
            return;
        }
        int maximum = (int) Math.floor(desired * service.config().maximumPercent() / 100.0);
        long notStopped = state.tasksOf(service).stream().filter(t -> !t.stopped()).count();
        long toStart = Math.min(desired - primaryLive.size(), maximum - notStopped);
        if (!primary.rolloutState().equals("FAILED")) {
            for (int i = 0; i < toStart; i++) {
                runner.launch(service, primary);
            }
        }
        completeIfSteady(state.findService(service.clusterArn(), service.name()).orElse(service));
    }

    /** Stops tasks of older deployments while enough healthy tasks remain (minimumHealthyPercent). */
    private void retireOldTasks(EcsServiceState service, List<EcsTask> tasks) {
        String primaryId = service.primary().id();
        int minimumHealthy = (int) Math.ceil(service.desiredCount() * service.config().minimumHealthyPercent() / 100.0);
        long healthy = tasks.stream().filter(t -> t.wanted() && healthy(service, t)).count();
        List<EcsTask> old = tasks.stream().filter(t -> t.wanted() && !t.deploymentId().equals(primaryId))
                .sorted(Comparator.comparing(EcsTask::running)).toList();
        for (EcsTask task : old) {
            boolean countsAsHealthy = healthy(service, task);
            if (!countsAsHealthy || healthy - 1 >= minimumHealthy) {
                runner.stop(task, "ServiceSchedulerInitiated", "Task replaced by a new deployment (deployment " + primaryId + ")");
                healthy -= countsAsHealthy ? 1 : 0;
            }
        }
    }

    private boolean tripCircuitBreaker(EcsServiceState service) {
        Deployment primary = service.primary();
        int threshold = Math.max(3, Math.min(200, (int) Math.ceil(service.desiredCount() * 0.5)));
        if (!service.config().circuitBreaker() || !primary.rolloutState().equals("IN_PROGRESS")
                || primary.failedTasks() < threshold) {
            return false;
        }
        String stable = service.stableTaskDefinitionArn();
        boolean rollback = service.config().rollback() && stable != null && !stable.equals(primary.taskDefinitionArn());
        Deployment failed = primary.withRollout("FAILED", "ECS deployment circuit breaker: tasks failed to start.");
        List<Deployment> deployments = new ArrayList<>(service.deployments());
        deployments.set(0, failed);
        EcsServiceState updated = service.withDeployments(deployments)
                .withEvent("(deployment " + primary.id() + ") deployment failed: tasks failed to start.");
        if (rollback) {
            updated = updated.deploying(stable, "ECS deployment circuit breaker: rolling back to deploymentId "
                    + primary.id() + ".").withEvent("rolling back to " + stable);
        }
        state.put(updated);
        LOG.info("service {}: circuit breaker tripped after {} failed tasks{}", service.name(), primary.failedTasks(),
                rollback ? ", rolling back to " + stable : "");
        return true;
    }

    private void completeIfSteady(EcsServiceState service) {
        Deployment primary = service.primary();
        List<EcsTask> tasks = state.tasksOf(service);
        boolean oldGone = tasks.stream().noneMatch(t -> !t.stopped() && !t.deploymentId().equals(primary.id()));
        List<EcsTask> primaryLive = live(tasks, primary.id());
        boolean primaryReady = primaryLive.size() == service.desiredCount()
                && primaryLive.stream().allMatch(t -> healthy(service, t));
        if (!oldGone || !primaryReady || primary.rolloutState().equals("FAILED")) {
            return;
        }
        if (service.deployments().size() > 1 || primary.rolloutState().equals("IN_PROGRESS")) {
            state.put(service.withDeployments(List.of(primary.withRollout("COMPLETED", "ECS deployment " + primary.id()
                            + " completed."))).withStable(primary.taskDefinitionArn())
                    .withEvent("(deployment " + primary.id() + ") deployment completed.")
                    .withEvent("has reached a steady state."));
        }
    }

    private static List<EcsTask> live(List<EcsTask> tasks, String deploymentId) {
        return tasks.stream().filter(t -> t.wanted() && t.deploymentId().equals(deploymentId)).toList();
    }

    private boolean healthy(EcsServiceState service, EcsTask task) {
        if (!task.running()) {
            return false;
        }
        if (service.loadBalancers() == null) {
            return true;
        }
        for (var lb : service.loadBalancers()) {
            if (!loadBalancing.healthy(lb.path("targetGroupArn").asText(), "127.0.0.1", task.hostPort())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        loop.cancel(false);
    }
}
