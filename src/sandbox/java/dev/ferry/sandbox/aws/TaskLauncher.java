package dev.ferry.sandbox.aws;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.nio.file.Path;

/**
 * Runs the process behind an ECS task. The sandbox's ECS decides when tasks start and stop; a launcher only turns a
 * container definition into a local process. {@link StandInLauncher} is the default.
 */
public interface TaskLauncher {

    /**
     * Starts the task and returns once it accepts TCP connections on {@link TaskSpec#port()}.
     *
     * @throws StartFailed when the process cannot start or exits before it is ready
     */
    LaunchedTask start(TaskSpec spec);

    /** What a task's container asks for, with its secrets already resolved from the sandbox SSM store. */
    record TaskSpec(String taskArn, String taskId, String cluster, String family, int revision, String serviceName,
                    String containerName, String image, List<String> command, Map<String, String> environment,
                    int port, String healthPath, Path logFile) {
        public TaskSpec {
            command = List.copyOf(command);
            environment = Map.copyOf(environment);
        }
    }

    /** A started task's process. */
    interface LaunchedTask {
        long pid();

        boolean isAlive();

        /** Asks the process to stop (SIGTERM), kills it after {@code grace}; returns its exit code. */
        int stop(Duration grace);

        /** The exit code once the process has exited by itself, else null. */
        Integer exitCode();
    }

    /** The task could not start; {@code exitCode} is set when its process ran and exited. */
    final class StartFailed extends RuntimeException {
        private final Integer exitCode;

        public StartFailed(String message, Integer exitCode) {
            super(message);
            this.exitCode = exitCode;
        }

        public Integer exitCode() {
            return exitCode;
        }
    }
}
