package dev.ferry.sandbox.host;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code docker run --rm -i [--network N] [-e K=V] [-v HOST:CONTAINER] postgres:<major> CMD...}: the one-off client
 * container ferry uses to dump and restore with a chosen client, and {@code docker run --rm -i redis:<v> redis-cli -h H
 * -p P} to look at a Redis outside the project. Runs CMD locally with the machine's PostgreSQL
 * client; {@code -v} paths map back to the host paths, and on a project's network its service names resolve.
 */
final class DockerRun {
    private static final List<String> WITH_VALUE = List.of("-e", "--env", "--env-file", "-v", "--volume", "--network",
            "--net", "--name", "-u", "--user", "-w", "--workdir", "--entrypoint", "--platform", "--pull");

    private final ContainerExec processes;
    private final Path cwd;
    private final Path sandboxHome;

    DockerRun(ContainerExec processes, Path cwd, Path sandboxHome) {
        this.processes = processes;
        this.cwd = cwd;
        this.sandboxHome = sandboxHome;
    }

    int run(List<String> arguments) {
        List<List<String>> split = Args.splitAtFirstPositional(arguments, WITH_VALUE);
        Args options = new Args(split.get(0));
        options.flag("--rm", "-i", "--interactive", "-t", "--tty", "-d", "--detach");
        Map<String, String> env = environment(options.options("-e", "--env"));
        Map<String, String> volumes = volumes(options.options("-v", "--volume"));
        String network = options.option("--network", "--net");
        String entrypoint = options.option("--entrypoint");
        String workdir = options.option("-w", "--workdir");
        options.options("--env-file").forEach(file -> env.putAll(envFile(file)));
        options.option("--name", "-u", "--user", "--platform", "--pull");
        options.positionals();
        List<String> rest = split.get(1);
        if (rest.isEmpty()) {
            throw new ComposeError("\"docker run\" requires at least 1 argument.", 125);
        }
        ServiceImage image = ServiceImage.of(rest.get(0));
        List<String> command = new ArrayList<>(rest.subList(1, rest.size()));
        if (entrypoint != null) {
            command.add(0, entrypoint);
        }
        ServiceHosts hosts = new ServiceHosts(network == null ? Map.of() : networkAddresses(network));
        if (image.kind() == ServiceImage.Kind.REDIS && !command.isEmpty() && command.get(0).equals("redis-cli")) {
            return processes.redisCli(hosts.rewrite(command.subList(1, command.size())), "127.0.0.1", 6379, env);
        }
        if (!image.postgres() || command.isEmpty()) {
            throw new ComposeError("docker: the sandbox's docker stand-in runs only client commands of postgres images"
                    + " and redis-cli"
                    + " (got " + rest.get(0) + (command.isEmpty() ? " without a command" : "") + ").", 125);
        }
        List<String> mapped = hosts.rewrite(command).stream().map(arg -> mapVolumes(arg, volumes)).toList();
        java.util.Optional<KilledRun> fault = KilledRun.take(sandboxHome, mapped);
        if (fault.isPresent()) {
            return fault.get().run(mapped, hosts.rewrite(env), processes.err());
        }
        return processes.run(mapped, hosts.rewrite(env), workdir == null ? null : Path.of(mapVolumes(workdir, volumes)));
    }

    /** docker's env file: KEY=VALUE lines taken literally (no quotes, no expansion), # comments and blank lines skipped. */
    private Map<String, String> envFile(String file) {
        Path path = cwd.resolve(file);
        try {
            Map<String, String> env = new HashMap<>();
            for (String line : java.nio.file.Files.readAllLines(path)) {
                String entry = line.stripLeading();
                if (!entry.isEmpty() && !entry.startsWith("#")) {
                    env.putAll(environment(List.of(entry)));
                }
            }
            return env;
        } catch (java.io.IOException e) {
            throw new ComposeError("docker: open " + file + ": no such file or directory.", 125);
        }
    }

    private static Map<String, String> environment(List<String> entries) {
        Map<String, String> env = new HashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            env.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? System.getenv().getOrDefault(entry, "")
                    : entry.substring(eq + 1));
        }
        return env;
    }

    /** Container path to host path, longest first so nested mounts win. */
    private Map<String, String> volumes(List<String> specs) {
        Map<String, String> mounts = new LinkedHashMap<>();
        specs.stream().map(s -> s.split(":")).filter(p -> p.length >= 2)
                .sorted((a, b) -> b[1].length() - a[1].length())
                .forEach(p -> mounts.put(p[1], cwd.resolve(p[0]).normalize().toString()));
        return mounts;
    }

    private static String mapVolumes(String arg, Map<String, String> volumes) {
        for (Map.Entry<String, String> mount : volumes.entrySet()) {
            if (arg.equals(mount.getKey()) || arg.startsWith(mount.getKey() + "/")) {
                return mount.getValue() + arg.substring(mount.getKey().length());
            }
            if (arg.contains(" " + mount.getKey() + "/")) {
                arg = arg.replace(" " + mount.getKey() + "/", " " + mount.getValue() + "/");
            }
        }
        return arg;
    }

    /** {@code <project>_default}: the running services of that compose project on this host. */
    private Map<String, String> networkAddresses(String network) {
        return sandboxHome == null ? Map.of() : ComposeProjects.networkAddresses(sandboxHome, network);
    }
}
