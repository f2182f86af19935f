package dev.ferry.sandbox.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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

    /**
     * Starts {@code java ... StandInApp ROLE} ({@code setsid} first when {@code detached}), with {@code environment}
     * added to this process's and output to {@code log}. A sandbox restarts the app's containers and tasks dozens of
     * times: they share one class archive ({@link ClassArchive#inherited}), dumped by the first at its exit.
     */
    public static Process start(String role, Map<String, String> environment, Path log, boolean detached)
            throws IOException {
        ClassArchive.Child child = ClassArchive.inherited().child(StandInApp.class.getName());
        List<String> command = new ArrayList<>(detached ? List.of("setsid") : List.of());
        command.addAll(List.of(ChildJvm.javaBinary(), "-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xshare:auto", "-XX:-UsePerfData"));
        command.addAll(child.flags());
        command.addAll(List.of("-cp", child.classPath(), StandInApp.class.getName(), role));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        child.started(process.pid());
        return process;
    }
}
