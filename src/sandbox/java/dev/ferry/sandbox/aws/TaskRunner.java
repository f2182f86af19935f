package dev.ferry.sandbox.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.sandbox.local.LocalPostgres;
import dev.ferry.sandbox.aws.TaskLauncher.LaunchedTask;
import dev.ferry.sandbox.aws.TaskLauncher.StartFailed;
import dev.ferry.sandbox.aws.TaskLauncher.TaskSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves ECS tasks through their states and runs their processes through the {@link TaskLauncher}: secrets come from
 * SSM, the process gets a port of its own (shown as the container's network binding), and tasks of a service with a
 * load balancer are registered as targets once RUNNING and deregistered (draining) before they stop.
 */
final class TaskRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);

    private final Env env;
    private final EcsState state;
    private final TaskLauncher launcher;
    private final Function<String, Optional<String>> secrets;
    private final LoadBalancing loadBalancing;
    private final Map<String, LaunchedTask> processes = new ConcurrentHashMap<>();
    private volatile boolean closed;

    TaskRunner(Env env, EcsState state, TaskLauncher launcher, Function<String, Optional<String>> secrets,
               LoadBalancing loadBalancing) {
        this.env = env;
        this.state = state;
        this.launcher = launcher;
        this.secrets = secrets;
        this.loadBalancing = loadBalancing;
    }

    /** Creates a PROVISIONING task of the deployment; call holding the state's monitor. */
    void launch(EcsServiceState service, Deployment deployment) {
        String id = Ids.hex(32);
        String cluster = service.clusterArn().substring(service.clusterArn().lastIndexOf('/') + 1);
        EcsTask task = EcsTask.provisioning(env.arn("ecs", "task/" + cluster + "/" + id), id, service.clusterArn(),
                deployment.taskDefinitionArn(), service.name(), deployment.id(), LocalPostgres.freePort());
        state.put(task);
        env.later(env.delays().taskProvision(), "start task " + id, () -> start(task.arn()));
    }

    /** Asks a task to stop; call holding the state's monitor. */
    void stop(EcsTask task, String code, String reason) {
        if (!task.wanted()) {
            return;
        }
        EcsTask stopping = task.stopRequested(code, reason);
        if (task.running()) {
            state.put(stopping.withLastStatus("DEACTIVATING"));
            env.background("stop task " + task.id(), () -> deactivate(task.arn()));
        } else {
            state.put(stopping);
        }
    }

    /** Marks RUNNING tasks whose process has exited as STOPPED; call holding the state's monitor. */
    void reapExited() {
        for (EcsTask task : state.tasks()) {
            LaunchedTask process = processes.get(task.arn());
            if (task.running() && task.wanted() && process != null && !process.isAlive()) {
                processes.remove(task.arn());
                state.put(task.stopRequested("EssentialContainerExited", "Essential container in task exited")
                        .stoppedWith(process.exitCode()));
                state.countFailure(task);
                env.background("deregister " + task.id(), () -> targets(task).forEach(tg ->
                        loadBalancing.deregister(tg, "127.0.0.1", task.hostPort())));
                LOG.info("task {} of {} exited with {}", task.id(), task.serviceName(), process.exitCode());
            }
        }
    }

    Set<Long> pids() {
        return processes.values().stream().map(LaunchedTask::pid).collect(Collectors.toSet());
    }

    private void start(String arn) {
        EcsTask task;
        synchronized (state) {
            task = state.task(arn);
            if (!task.wanted()) {
                state.put(task.stoppedWith(null));
                return;
            }
            state.put(task.withLastStatus("PENDING"));
        }
        long pendingSince = System.nanoTime();
        try {
            LaunchedTask process = launcher.start(spec(task));
            processes.put(arn, process);
            if (closed) {
                processes.remove(arn);
                process.stop(Duration.ofSeconds(2));
                return;
            }
        } catch (StartFailed e) {
            failed(arn, e);
            return;
        }
        sleep(env.delays().taskStart().minusNanos(System.nanoTime() - pendingSince));
        boolean wanted;
        synchronized (state) {
            EcsTask now = state.task(arn);
            wanted = now.wanted();
            state.put(wanted ? now.withLastStatus("RUNNING") : now.withLastStatus("STOPPING"));
            if (wanted) {
                state.countRunning(now);
            }
        }
        if (wanted) {
            targets(task).forEach(tg -> loadBalancing.register(tg, "127.0.0.1", task.hostPort()));
            LOG.info("task {} of {} RUNNING on port {}", task.id(), task.serviceName(), task.hostPort());
        } else {
            finishStop(arn);
        }
    }

    private void failed(String arn, StartFailed e) {
        synchronized (state) {
            EcsTask task = state.task(arn);
            boolean wanted = task.wanted();
            String code = e.exitCode() == null ? "TaskFailedToStart" : "EssentialContainerExited";
            state.put((wanted ? task.stopRequested(code, e.getMessage()) : task).stoppedWith(e.exitCode()));
            if (wanted) {
                state.countFailure(task);
            }
        }
        LOG.info("task {} failed to start: {}", arn, e.getMessage());
    }

    private void deactivate(String arn) {
        EcsTask task = state.task(arn);
        List<String> targetGroups = targets(task);
        if (!targetGroups.isEmpty()) {
            targetGroups.forEach(tg -> loadBalancing.deregister(tg, "127.0.0.1", task.hostPort()));
            sleep(env.delays().targetDeregistration());
        }
        synchronized (state) {
            state.put(state.task(arn).withLastStatus("STOPPING"));
        }
        finishStop(arn);
    }

    private void finishStop(String arn) {
        LaunchedTask process = processes.remove(arn);
        Integer exitCode = process == null ? null : process.stop(env.delays().taskStopTimeout());
        synchronized (state) {
            state.put(state.task(arn).stoppedWith(exitCode));
        }
    }

    private TaskSpec spec(EcsTask task) {
        TaskDefinition definition = state.taskDefinition(task.taskDefinitionArn());
        JsonNode container = definition.container();
        Map<String, String> environment = new LinkedHashMap<>();
        container.path("environment").forEach(e -> environment.put(e.path("name").asText(), e.path("value").asText()));
        for (JsonNode secret : container.path("secrets")) {
            String from = secret.path("valueFrom").asText();
            String value = secrets.apply(from).orElseThrow(() -> new StartFailed("ResourceInitializationError: unable "
                    + "to pull secrets or registry auth: unable to retrieve secrets from ssm: invalid parameters: " + from,
                    null));
            environment.put(secret.path("name").asText(), value);
        }
        List<String> command = new ArrayList<>();
        container.path("command").forEach(c -> command.add(c.asText()));
        List<String> targetGroups = targets(task);
        String healthPath = targetGroups.isEmpty() ? "/" : loadBalancing.healthPath(targetGroups.get(0));
        return new TaskSpec(task.arn(), task.id(), task.clusterArn(), definition.family(), definition.revision(),
                task.serviceName(), container.path("name").asText(), container.path("image").asText(), command,
                environment, task.hostPort(), healthPath,
                env.workDir().resolve("tasks").resolve(definition.family() + "-" + task.id() + ".log"));
    }

    private List<String> targets(EcsTask task) {
        if (task.serviceName() == null) {
            return List.of();
        }
        List<String> arns = new ArrayList<>();
        state.findService(task.clusterArn(), task.serviceName()).ifPresent(s -> {
            if (s.loadBalancers() != null) {
                s.loadBalancers().forEach(lb -> arns.add(lb.path("targetGroupArn").asText()));
            }
        });
        return arns;
    }

    private static void sleep(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops every process still running, in parallel, without waiting for the states to settle. */
    @Override
    public void close() {
        closed = true;
        processes.values().parallelStream().forEach(p -> p.stop(Duration.ofSeconds(5)));
        processes.clear();
    }
}
