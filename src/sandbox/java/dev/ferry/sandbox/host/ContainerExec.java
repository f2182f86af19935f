package dev.ferry.sandbox.host;

import dev.ferry.sandbox.local.LocalPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A command "inside" a container: a local process with the container's environment, connected to its service the
 * way the image's own tools would be (libpq's PGHOST/PGPORT/PGUSER for PostgreSQL, a RESP client for redis-cli).
 * The client programs are the machine's (PostgreSQL 15 in /usr/bin), whatever the server's major.
 */
final class ContainerExec {
    private static final List<String> WITH_VALUE = List.of("-e", "--env", "-u", "--user", "-w", "--workdir", "--index");

    private final PrintStream out;
    private final PrintStream err;

    ContainerExec(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    PrintStream err() {
        return err;
    }

    int exec(ComposeContext project, List<String> arguments) {
        List<List<String>> split = Args.splitAtFirstPositional(arguments, WITH_VALUE);
        Args options = new Args(split.get(0));
        options.flag("-T", "--no-TTY", "-d", "--detach", "--privileged", "-i", "--interactive", "-t", "--tty");
        List<String> extraEnv = options.options("-e", "--env");
        options.option("-u", "--user", "--index");
        String workdir = options.option("-w", "--workdir");
        options.positionals();
        List<String> rest = split.get(1);
        if (rest.isEmpty()) {
            throw new ComposeError("requires at least 2 arguments");
        }
        String service = rest.get(0);
        project.file().service(service);
        ContainerRecord record = project.state().containers().get(service);
        if (record == null || !record.running()) {
            throw new ComposeError("service \"" + service + "\" is not running");
        }
        ServiceHosts hosts = new ServiceHosts(project.serviceAddresses());
        Map<String, String> env = new HashMap<>(hosts.rewrite(ContainerConfig.read(record)));
        ServiceImage image = ServiceImage.of(record.image());
        if (image.postgres()) {
            env.put("PGHOST", "127.0.0.1");
            env.put("PGPORT", Integer.toString(record.port()));
            env.put("PGUSER", LocalPostgres.SUPERUSER);
        }
        extraEnv.forEach(e -> env.put(e.substring(0, Math.max(e.indexOf('='), 0)), e.substring(e.indexOf('=') + 1)));
        List<String> command = hosts.rewrite(rest.subList(1, rest.size()));
        if (image.kind() == ServiceImage.Kind.REDIS && command.get(0).equals("redis-cli")) {
            return redisCli(command.subList(1, command.size()), "127.0.0.1", record.port());
        }
        return run(command, env, workdir == null ? null : Path.of(workdir));
    }

    /** {@code redis-cli ARGS} against {@code host:port} unless {@code -h}/{@code -p} say otherwise; commands from stdin. */
    int redisCli(List<String> arguments, String host, int port) {
        return redisCli(arguments, host, port, Map.of());
    }

    int redisCli(List<String> arguments, String host, int port, Map<String, String> env) {
        return new RespCli(out).run(arguments, host, port, System.in, env);
    }

    /** Runs {@code command} with this JVM's stdio, so pipes around {@code docker} stream straight through. */
    int run(List<String> command, Map<String, String> env, Path workdir) {
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().putAll(env);
        if (workdir != null && workdir.toFile().isDirectory()) {
            builder.directory(workdir.toFile());
        }
        try {
            return builder.start().waitFor();
        } catch (IOException e) {
            err.println("OCI runtime exec failed: exec failed: unable to start container process: exec: \""
                    + command.get(0) + "\": executable file not found in $PATH: unknown");
            return 127;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }
}
