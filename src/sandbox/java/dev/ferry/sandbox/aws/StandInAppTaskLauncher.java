package dev.ferry.sandbox.aws;

import dev.ferry.sandbox.app.StandInProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs ECS tasks as the sandbox's stand-in app: the role comes from the container's command, the environment from the
 * task definition and SSM, the identity is {@code fargate-<service>-<task id prefix>}, and a server listens on the
 * task's port (where the load balancer sends its health checks and traffic). SIGTERM stops a task gracefully.
 * Containers that are not the app run the default {@link StandInLauncher}.
 */
public final class StandInAppTaskLauncher implements TaskLauncher {
    private final Map<String, String> environment;
    private final TaskLauncher others = new StandInLauncher();

    /** {@code environment} goes to every task's process too (e.g. FERRY_STANDIN_RECORDS, STANDIN_TICK_MILLIS). */
    public StandInAppTaskLauncher(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public LaunchedTask start(TaskSpec spec) {
        String role = StandInProcess.role(spec.command());
        if (role == null) {
            return others.start(spec);
        }
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.putAll(spec.environment());
        env.putIfAbsent("STANDIN_IDENTITY", "fargate-" + spec.serviceName() + "-" + spec.taskId().substring(0, 8));
        env.put("PORT", String.valueOf(spec.port()));
        Process process;
        try {
            Files.createDirectories(spec.logFile().getParent());
            process = StandInProcess.start(role, env, spec.logFile(), false);
        } catch (IOException e) {
            throw new StartFailed("CannotStartContainerError: " + e.getMessage(), null);
        }
        if (role.equals("server")) {
            StandInLauncher.awaitReady(process, spec.port());
        }
        return new StandInLauncher.ProcessTask(process);
    }
}
