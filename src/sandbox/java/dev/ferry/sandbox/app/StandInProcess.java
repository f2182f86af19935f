package dev.ferry.sandbox.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the sandbox starts the {@link StandInApp} wherever Redash would run (a compose container on the host, a Fargate
 * task): a small JVM on this machine's class path, with the role taken from the container's command.
 */
public final class StandInProcess {
    /** The container commands the stand-in app answers to; any other command (nginx, a one-off) is not the app. */
    public static final Set<String> ROLES = Set.of("server", "worker", "scheduler");

    private StandInProcess() {
    }

    /** The stand-in's role for a container command ({@code [server]}, {@code [worker]}, ...), or null. */
    public static String role(List<String> command) {
        return command.isEmpty() || !ROLES.contains(command.get(0)) ? null : command.get(0);
    }

    /** {@code java ... StandInApp ROLE}, with {@code environment} added to this process's and output to {@code log}. */
    public static ProcessBuilder builder(String role, Map<String, String> environment, Path log) {
        ProcessBuilder builder = new ProcessBuilder(List.of(ChildJvm.javaBinary(), "-Xmx64m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Xshare:auto", "-XX:-UsePerfData", "-cp", ChildJvm.classPath(),
                StandInApp.class.getName(), role))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        return builder;
    }
}
