package dev.ferry.sandbox.aws;

import dev.ferry.sandbox.app.ChildJvm;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The default {@link TaskLauncher}: every task, whatever its image, is a {@link StandInTask} JVM with the task's
 * environment (secrets included), listening on the task's port. Output goes to the spec's log file.
 */
public final class StandInLauncher implements TaskLauncher {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    @Override
    public LaunchedTask start(TaskSpec spec) {
        Process process;
        try {
            Files.createDirectories(spec.logFile().getParent());
            ProcessBuilder builder = new ProcessBuilder(List.of(ChildJvm.javaBinary(), "-Xmx48m", "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC", "-cp", ChildJvm.classPath(), StandInTask.class.getName()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(spec.logFile().toFile()));
            builder.environment().putAll(spec.environment());
            builder.environment().put("PORT", String.valueOf(spec.port()));
            builder.environment().put("FERRY_TASK_ID", spec.taskId());
            builder.environment().put("HEALTH_PATH", spec.healthPath());
            process = builder.start();
        } catch (IOException e) {
            throw new StartFailed("CannotStartContainerError: " + e.getMessage(), null);
        }
        awaitReady(process, spec.port());
        return new ProcessTask(process);
    }

    /** Waits until the port accepts connections; fails if the process exits first or takes too long. */
    static void awaitReady(Process process, int port) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                new Socket("127.0.0.1", port).close();
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new StartFailed("Essential container in task exited", process.exitValue());
                }
                if (!sleep(50)) {
                    process.destroyForcibly();
                    throw new StartFailed("interrupted while the task started", null);
                }
            }
        }
        process.destroyForcibly();
        throw new StartFailed("Task failed container health checks: no connection on port " + port, null);
    }



    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A local process as a launched task. */
    record ProcessTask(Process process) implements LaunchedTask {
        @Override
        public long pid() {
            return process.pid();
        }

        @Override
        public boolean isAlive() {
            return process.isAlive();
        }

        @Override
        public int stop(Duration grace) {
            process.destroy();
            try {
                if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
            return process.isAlive() ? 137 : process.exitValue();
        }

        @Override
        public Integer exitCode() {
            return process.isAlive() ? null : process.exitValue();
        }
    }
}
