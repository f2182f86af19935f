package dev.ferry.sandbox.host;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code docker inspect [-f TEMPLATE] [--type container] NAME|ID...}: the containers of every compose project on the
 * sandbox host, by full id, unique id prefix or name, in the shape the Engine API returns (the fields a migration
 * reads: Id, Name, State, Config, Mounts, NetworkSettings.Ports and .Networks). Unknown objects print
 * {@code Error: No such object: X} and make the exit code 1, after the others have been printed, as docker does.
 */
final class DockerInspect {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DefaultPrettyPrinter GO_INDENT = new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("    ", "\n")).withArrayIndenter(new DefaultIndenter("    ", "\n"))
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));

    private final PrintStream out;
    private final PrintStream err;
    private final Path sandboxHome;

    DockerInspect(PrintStream out, PrintStream err, Path sandboxHome) {
        this.out = out;
        this.err = err;
        this.sandboxHome = sandboxHome;
    }

    int run(List<String> arguments) {
        Args args = new Args(arguments);
        String format = args.option("-f", "--format");
        String type = args.option("--type");
        args.flag("-s", "--size");
        List<String> names = args.positionals();
        if (names.isEmpty()) {
            throw new ComposeError("\"docker inspect\" requires at least 1 argument.\nSee 'docker inspect --help'.\n\n"
                    + "Usage:  docker inspect [OPTIONS] NAME|ID [NAME|ID...]\n\nReturn low-level information on Docker"
                    + " objects");
        }
        if (type != null && !type.equals("container")) {
            throw new ComposeError("the sandbox's docker stand-in inspects containers only (got --type " + type + ")");
        }
        Properties sources = mountSources();
        GoTemplate template = format == null || format.equals("json") ? null : GoTemplate.parse(format);
        List<Map<String, Object>> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            find(name, sources).ifPresentOrElse(found::add, () -> missing.add(name));
        }
        try {
            if (template != null) {
                found.forEach(object -> out.println(template.execute(object)));
            } else if ("json".equals(format)) {
                for (Map<String, Object> object : found) {
                    out.println(JSON.writeValueAsString(object));
                }
            } else {
                out.println(JSON.writer(GO_INDENT).writeValueAsString(found));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        missing.forEach(name -> err.println("Error: No such object: " + name));
        return missing.isEmpty() ? 0 : 1;
    }

    /** The sources {@code SandboxHost#reportMountSource} asked to report, by mount destination. */
    private Properties mountSources() {
        Properties sources = new Properties();
        Path knob = sandboxHome == null ? null : sandboxHome.resolve(SandboxLayout.MOUNT_SOURCES);
        if (knob != null && Files.exists(knob)) {
            try (var reader = Files.newBufferedReader(knob)) {
                sources.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sources;
    }

    private Optional<Map<String, Object>> find(String name, Properties sources) {
        if (sandboxHome == null || name.isEmpty()) {
            return Optional.empty();
        }
        String bare = name.startsWith("/") ? name.substring(1) : name;
        List<Map<String, Object>> byPrefix = new ArrayList<>();
        for (ComposeState state : ComposeProjects.states(sandboxHome)) {
            for (ContainerRecord record : state.containers().values()) {
                ContainerRecord c = record.refreshed();
                if (c.id().equals(name) || c.name().equals(bare)) {
                    return Optional.of(object(state.project(), c, sources));
                }
                if (c.id().startsWith(name)) {
                    byPrefix.add(object(state.project(), c, sources));
                }
            }
        }
        return byPrefix.size() == 1 ? Optional.of(byPrefix.get(0)) : Optional.empty();
    }

    private static Map<String, Object> object(String project, ContainerRecord c, Properties sources) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("Status", c.running() ? "running" : c.state());
        state.put("Running", c.running());
        state.put("Paused", false);
        state.put("Restarting", false);
        state.put("OOMKilled", false);
        state.put("Dead", false);
        state.put("Pid", c.running() ? c.pid() : 0);
        state.put("ExitCode", c.exitCode());
        state.put("Error", "");
        state.put("StartedAt", time(c.startedAt()));
        state.put("FinishedAt", time(c.finishedAt()));
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("com.docker.compose.container-number", "1");
        labels.put("com.docker.compose.oneoff", "False");
        labels.put("com.docker.compose.project", project);
        labels.put("com.docker.compose.service", c.service());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("Hostname", c.id().substring(0, Math.min(12, c.id().length())));
        config.put("Image", c.image());
        config.put("Labels", labels);
        Map<String, Object> ports = new LinkedHashMap<>();
        Map<String, List<Object>> bindings = new LinkedHashMap<>();
        c.published().stream().filter(p -> p.hostPort() > 0).forEach(p -> bindings.computeIfAbsent(p.containerPort()
                + "/tcp", k -> new ArrayList<>()).add(binding(p)));
        ports.putAll(bindings);
        // The service's own port, exposed but not published (as "5432/tcp": null is for a real postgres container):
        // here every container is a local process at 127.0.0.1 on a port of its own. A published container port is
        // that process listening on the host port, so it is reported once, under the container port, as docker does.
        boolean ownPortPublished = c.published().stream().anyMatch(p -> p.hostPort() == c.port());
        if (c.running() && c.port() > 0 && !ownPortPublished) {
            ports.putIfAbsent(c.port() + "/tcp", null);
        }
        Map<String, Object> network = new LinkedHashMap<>();
        network.put("Aliases", List.of(c.service(), c.name()));
        network.put("IPAddress", c.running() ? "127.0.0.1" : "");
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("Id", c.id());
        object.put("Created", time(c.createdAt()));
        object.put("State", state);
        object.put("Image", c.image());
        object.put("Name", "/" + c.name());
        object.put("RestartCount", 0);
        object.put("Mounts", c.mounts().stream().map(m -> mount(m, sources)).toList());
        object.put("Config", config);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("Ports", ports);
        settings.put("Networks", Map.of(project + "_default", network));
        object.put("NetworkSettings", settings);
        return object;
    }

    /** In docker's order: HostIp, then HostPort. */
    private static Map<String, Object> binding(ComposeFile.Port p) {
        Map<String, Object> binding = new LinkedHashMap<>();
        binding.put("HostIp", p.hostIp());
        binding.put("HostPort", String.valueOf(p.hostPort()));
        return binding;
    }

    private static Map<String, Object> mount(ContainerRecord.MountPoint m, Properties sources) {
        Map<String, Object> mount = new LinkedHashMap<>();
        mount.put("Type", m.type());
        if (m.name() != null) {
            mount.put("Name", m.name());
        }
        mount.put("Source", sources.getProperty(m.destination(), m.source()));
        mount.put("Destination", m.destination());
        if (m.name() != null) {
            mount.put("Driver", "local");
        }
        mount.put("Mode", m.type().equals("bind") ? "rw" : "z");
        mount.put("RW", true);
        mount.put("Propagation", m.type().equals("bind") ? "rprivate" : "");
        return mount;
    }

    private static String time(long epochMillis) {
        return epochMillis == 0 ? "0001-01-01T00:00:00Z" : Instant.ofEpochMilli(epochMillis).toString();
    }
}
