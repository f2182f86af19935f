package dev.ferry.aws;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.step.Redacted;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.waiters.Waiter;
import software.amazon.awssdk.core.waiters.WaiterAcceptor;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DescribeServicesRequest;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Waits for an ECS service to become stable the way the SDK's {@code servicesStable} waiter does, but gives up as
 * soon as its tasks cannot start: the primary deployment's rollout FAILED, or as many of its tasks failed since the
 * wait began as the deployment circuit breaker tolerates. Tasks that never start (bad image, missing SSM parameter,
 * broken execution role) would otherwise keep ferry waiting for the whole timeout with nothing to show.
 *
 * <p>Failures are counted twice over and the larger count wins: the deployment's {@code failedTasks}, and the tasks
 * that stopped without ever starting since the wait began. ECS stops counting {@code failedTasks} once a deployment
 * has run a task, so a service that ran before (and was scaled to 0 by a rollback) would never trip the first.
 */
final class ServiceStability {
    private static final Logger log = LoggerFactory.getLogger(ServiceStability.class);
    private static final String FAILURE_STATE = " and transitioned the waiter to failure state";
    private static final String GENERIC_EXIT = "Essential container in task exited";
    /** Stop codes of tasks that failed, as opposed to tasks ECS or a user stopped on purpose. */
    private static final Set<String> FAILED_STOPS = Set.of("TaskFailedToStart", "EssentialContainerExited");
    private static final int STOPPED_TASKS_READ = 100;

    /** The primary deployment's failed task count when the wait began; a new primary deployment starts from 0. */
    record Baseline(String deploymentId, int failedTasks) {
        int failedSince(Deployment primary) {
            return ServiceStability.failedTasks(primary) - (primary.id().equals(deploymentId) ? failedTasks : 0);
        }
    }

    private final EcsClient ecs;
    private final AwsCalls calls;

    /** The service's tasks that stopped after the wait began; the message's stop reason comes from them too. */
    private final class FailedStarts {
        private final String cluster;
        private final String service;
        private final Set<String> before;
        private final Map<String, Task> seen = new HashMap<>();

        FailedStarts(String cluster, String service) {
            this.cluster = cluster;
            this.service = service;
            Set<String> known = null;
            try {
                known = Set.copyOf(stoppedTaskArns(cluster, service));
            } catch (FerryException e) {
                log.warn("cannot list the stopped tasks of ECS service {}; counting its deployment's failedTasks only:"
                        + " {}", service, Redacted.urls(e.getMessage()));
            }
            this.before = known;
        }

        /** Reads the tasks stopped since the last call and returns how many of all those seen never started. */
        int count() {
            if (before == null) {
                return 0;
            }
            List<String> fresh = stoppedTaskArns(cluster, service).stream()
                    .filter(arn -> !before.contains(arn) && !seen.containsKey(arn)).toList();
            for (int from = 0; from < fresh.size(); from += STOPPED_TASKS_READ) {
                List<String> batch = fresh.subList(from, Math.min(fresh.size(), from + STOPPED_TASKS_READ));
                calls.call("DescribeTasks", service, () -> ecs.describeTasks(r -> r.cluster(cluster).tasks(batch)))
                        .tasks().forEach(t -> seen.put(t.taskArn(), t));
            }
            return (int) seen.values().stream().filter(ServiceStability::neverStarted).count();
        }

        String newestReason() {
            try {
                count();
            } catch (FerryException e) {
                log.warn("cannot read the stopped tasks of ECS service {}: {}", service, Redacted.urls(e.getMessage()));
            }
            return stopReason(List.copyOf(seen.values())).orElse(before == null ? "the stopped tasks could not be read"
                    : "no task stopped since the wait began is left to show");
        }
    }

    ServiceStability(EcsClient ecs, AwsCalls calls) {
        this.ecs = ecs;
        this.calls = calls;
    }

    void await(String cluster, String service, Duration timeout, Supplier<String> state) {
        DescribeServicesRequest request = DescribeServicesRequest.builder().cluster(cluster).services(service).build();
        Baseline baseline = baseline(service, request);
        FailedStarts starts = new FailedStarts(cluster, service);
        AtomicReference<Service> cannotStart = new AtomicReference<>();
        AtomicInteger failedStarts = new AtomicInteger();
        Predicate<Service> stuck = s -> cannotStart(s, baseline, countIfShort(s, starts, failedStarts));
        try {
            calls.await("DescribeServices", "stable", "service " + service, timeout,
                    config -> waiter(stuck, cannotStart, config).run(() -> ecs.describeServices(request)), state);
        } catch (FerryException e) {
            Service failing = cannotStart.get();
            if (failing == null) {
                throw e;
            }
            int failed = Math.max(failedStarts.get(), primary(failing).map(baseline::failedSince).orElse(0));
            log.warn("ECS service {}: {} tasks failed to start since the wait began", service, failed);
            throw FerryException.withNextAction(ErrorCode.STEP_FAILED, cannotStartMessage(failing, failed,
                    starts.newestReason()), "Fix the cause (image, task definition, SSM parameters, the"
                    + " execution role) and run `ferry resume PLAN`, or undo the step with `ferry rollback PLAN --last`");
        }
    }

    /** The ECS circuit breaker's own threshold: half the desired count, at least 3 and at most 200 tasks. */
    static int failureThreshold(int desiredCount) {
        return Math.max(3, Math.min(200, (desiredCount + 1) / 2));
    }

    /**
     * The primary deployment FAILED, or failed more tasks since {@code baseline} than the circuit breaker allows, by
     * its own count or by {@code failedStarts} (tasks seen stopping before they ran since the wait began).
     */
    static boolean cannotStart(Service service, Baseline baseline, int failedStarts) {
        int threshold = failureThreshold(Objects.requireNonNullElse(service.desiredCount(), 0));
        return primary(service).filter(d -> "FAILED".equals(d.rolloutStateAsString())
                || Math.max(baseline.failedSince(d), failedStarts) >= threshold).isPresent();
    }

    /** A task that failed (as opposed to one ECS or a user stopped) before it ever reached RUNNING. */
    static boolean neverStarted(Task task) {
        return FAILED_STOPS.contains(task.stopCodeAsString()) && task.startedAt() == null;
    }

    /** Lists stopped tasks only while the service runs fewer tasks than it wants; a listing error counts nothing. */
    private static int countIfShort(Service service, FailedStarts starts, AtomicInteger last) {
        if (Objects.equals(service.runningCount(), service.desiredCount())) {
            return last.get();
        }
        try {
            last.set(starts.count());
        } catch (FerryException e) {
            log.warn("cannot count the failed tasks of ECS service {}: {}", service.serviceName(),
                    Redacted.urls(e.getMessage()));
        }
        return last.get();
    }

    private List<String> stoppedTaskArns(String cluster, String service) {
        return calls.call("ListTasks", service, () -> ecs.listTasks(r -> r.cluster(cluster).serviceName(service)
                .desiredStatus(DesiredStatus.STOPPED).maxResults(STOPPED_TASKS_READ))).taskArns();
    }

    /** Why the newest failed task stopped; the container's own reason or exit code when the task's is generic. */
    static Optional<String> stopReason(List<Task> stopped) {
        Comparator<Task> newest = Comparator.comparing(Task::stoppedAt,
                Comparator.nullsFirst(Comparator.naturalOrder()));
        Optional<Task> task = stopped.stream().filter(t -> FAILED_STOPS.contains(t.stopCodeAsString())).max(newest)
                .or(() -> stopped.stream().max(newest));
        return task.map(t -> {
            String reason = Objects.requireNonNullElse(t.stoppedReason(), "").strip();
            if (!reason.isEmpty() && !reason.startsWith(GENERIC_EXIT)) {
                return reason;
            }
            List<String> containers = t.containers().stream().map(ServiceStability::containerReason)
                    .flatMap(Optional::stream).toList();
            String base = reason.isEmpty() ? "no reason given" : reason;
            return containers.isEmpty() ? base : base + " (" + String.join("; ", containers) + ")";
        });
    }

    private Baseline baseline(String service, DescribeServicesRequest request) {
        return calls.call("DescribeServices", service, () -> ecs.describeServices(request)).services().stream()
                .findFirst().flatMap(ServiceStability::primary)
                .map(d -> new Baseline(d.id(), failedTasks(d))).orElse(new Baseline(null, 0));
    }

    /** The acceptors of the SDK's servicesStable waiter (botocore's waiters-2.json), then the fail-fast one. */
    private static Waiter<DescribeServicesResponse> waiter(Predicate<Service> stuck, AtomicReference<Service> cannotStart,
                                                           WaiterOverrideConfiguration config) {
        return Waiter.builder(DescribeServicesResponse.class)
                .addAcceptor(WaiterAcceptor.errorOnResponseAcceptor(r -> r.failures().stream()
                        .anyMatch(f -> "MISSING".equals(f.reason())), matched("failures[].reason=MISSING")))
                .addAcceptor(WaiterAcceptor.errorOnResponseAcceptor(r -> anyStatus(r, "DRAINING"),
                        matched("services[].status=DRAINING")))
                .addAcceptor(WaiterAcceptor.errorOnResponseAcceptor(r -> anyStatus(r, "INACTIVE"),
                        matched("services[].status=INACTIVE")))
                .addAcceptor(WaiterAcceptor.successOnResponseAcceptor(r -> r.services().stream().allMatch(s ->
                        s.deployments().size() == 1 && Objects.equals(s.runningCount(), s.desiredCount()))))
                .addAcceptor(WaiterAcceptor.errorOnResponseAcceptor(r -> remember(r, stuck, cannotStart),
                        matched("the PRIMARY deployment's failedTasks or rolloutState=FAILED")))
                .addAcceptor(WaiterAcceptor.retryOnResponseAcceptor(r -> true))
                .overrideConfiguration(config)
                .build();
    }

    /** Records the first service whose tasks cannot start, for the message. */
    private static boolean remember(DescribeServicesResponse response, Predicate<Service> stuck,
                                    AtomicReference<Service> into) {
        Optional<Service> failing = response.services().stream().filter(stuck).findFirst();
        failing.ifPresent(into::set);
        return failing.isPresent();
    }

    private static String cannotStartMessage(Service service, int failed, String reason) {
        String rollout = primary(service).filter(d -> "FAILED".equals(d.rolloutStateAsString()))
                .map(d -> "; its deployment FAILED" + (d.rolloutStateReason() == null ? ""
                        : " (" + Redacted.urls(d.rolloutStateReason()) + ")")).orElse("");
        return "ECS service " + service.serviceName() + " cannot start its tasks: " + failed + " stopped before running"
                + " since ferry scaled it (newest: \"" + Redacted.urls(reason) + "\")" + rollout;
    }

    private static Optional<String> containerReason(Container c) {
        if (c.reason() != null && !c.reason().isBlank()) {
            return Optional.of(c.name() + ": " + c.reason().strip());
        }
        return c.exitCode() == null ? Optional.empty() : Optional.of(c.name() + " exited with " + c.exitCode());
    }

    private static Optional<Deployment> primary(Service service) {
        return service.deployments().stream().filter(d -> "PRIMARY".equals(d.status())).findFirst();
    }

    private static int failedTasks(Deployment deployment) {
        return deployment.failedTasks() == null ? 0 : deployment.failedTasks();
    }

    private static boolean anyStatus(DescribeServicesResponse response, String status) {
        return response.services().stream().anyMatch(s -> status.equals(s.status()));
    }

    private static String matched(String parameter) {
        return "A waiter acceptor was matched on " + parameter + FAILURE_STATE;
    }
}
