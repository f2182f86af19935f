package dev.ferry.sandbox.host;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The sandbox host's {@code docker}: the subset of the docker and docker compose CLIs that a compose migration uses,
 * with the real CLI's exit codes and messages, running every service as a local process (see {@link SandboxHost}).
 */
public final class DockerStandIn {
    static final String VERSION = "2.29.7";

    private final PrintStream out;
    private final PrintStream err;
    private final Path cwd;
    private final Path sandboxHome;
    private final AppProcessLauncher launcher;

    DockerStandIn(PrintStream out, PrintStream err, Path cwd, Path sandboxHome, AppProcessLauncher launcher) {
        this.out = out;
        this.err = err;
        this.cwd = cwd;
        this.sandboxHome = sandboxHome;
        this.launcher = launcher;
    }

    public static void main(String[] args) {
        String home = System.getenv(SandboxLayout.HOME_VARIABLE);
        DockerStandIn docker = new DockerStandIn(System.out, System.err, Path.of("").toAbsolutePath(),
                home == null ? null : Path.of(home), launcher(System.getenv(SandboxLayout.LAUNCHER_VARIABLE)));
        int code = docker.run(List.of(args));
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    int run(List<String> args) {
        try {
            if (args.isEmpty()) {
                out.println("Usage:  docker [OPTIONS] COMMAND");
                return 0;
            }
            List<String> rest = args.subList(1, args.size());
            return switch (args.get(0)) {
                case "compose" -> compose(rest);
                case "inspect" -> new DockerInspect(out, err, sandboxHome).run(rest);
                case "volume" -> new DockerVolumes(out, err, sandboxHome).run(rest);
                case "run" -> new DockerRun(new ContainerExec(out, err), cwd, sandboxHome).run(rest);
                case "version", "--version", "-v" -> version();
                default -> throw new ComposeError("docker: '" + args.get(0) + "' is not a docker command.\n"
                        + "See 'docker --help'");
            };
        } catch (ComposeError e) {
            err.println(e.getMessage());
            return e.exitCode();
        } catch (RuntimeException e) {
            err.println("Error response from daemon: " + e.getMessage());
            return 1;
        }
    }

    private int compose(List<String> args) {
        List<List<String>> split = Args.splitAtFirstPositional(args, List.of("-f", "--file", "-p", "--project-name",
                "--project-directory", "--env-file", "--ansi", "--progress", "--profile"));
        Args global = new Args(split.get(0));
        List<String> files = global.options("-f", "--file");
        String projectName = global.option("-p", "--project-name");
        String projectDirectory = global.option("--project-directory");
        global.options("--env-file", "--ansi", "--progress", "--profile");
        global.flag("--compatibility");
        global.positionals();
        List<String> rest = split.get(1);
        if (rest.isEmpty()) {
            out.println("Usage:  docker compose [OPTIONS] COMMAND");
            return 0;
        }
        Args sub = new Args(rest.subList(1, rest.size()));
        if (rest.get(0).equals("version")) {
            return composeVersion(sub);
        }
        ComposeContext project = ComposeContext.resolve(files, projectDirectory, projectName, cwd, sandboxHome);
        ComposeLifecycle lifecycle = new ComposeLifecycle(project, new Containers(launcher), err);
        ComposeStatus status = new ComposeStatus(project, out);
        return switch (rest.get(0)) {
            case "ps" -> status.ps(sub);
            case "logs" -> status.logs(sub);
            case "config" -> status.config(sub);
            case "port" -> status.port(sub);
            case "up" -> lifecycle.up(sub);
            case "stop" -> lifecycle.stop(sub);
            case "start" -> lifecycle.start(sub);
            case "restart" -> lifecycle.restart(sub);
            case "rm" -> lifecycle.rm(sub);
            case "down" -> lifecycle.down(sub);
            case "exec" -> new ContainerExec(out, err).exec(project, rest.subList(1, rest.size()));
            default -> throw new ComposeError("unknown docker command: \"compose " + rest.get(0) + "\"");
        };
    }

    private int composeVersion(Args args) {
        boolean isShort = args.flag("--short");
        String format = args.option("--format", "-f");
        args.positionals();
        if (isShort) {
            out.println(VERSION);
        } else if ("json".equals(format)) {
            out.println("{\"version\":\"v" + VERSION + "\"}");
        } else {
            out.println("Docker Compose version v" + VERSION);
        }
        return 0;
    }

    private int version() {
        out.println("Docker version 27.3.1, build ferry-sandbox (a stand-in: services run as local processes)");
        return 0;
    }

    private static AppProcessLauncher launcher(String className) {
        if (className == null || className.isBlank()) {
            return new IdleAppLauncher();
        }
        try {
            return (AppProcessLauncher) Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("cannot create the app launcher " + className, e);
        }
    }
}
