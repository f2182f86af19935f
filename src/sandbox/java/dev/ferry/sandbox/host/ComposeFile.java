package dev.ferry.sandbox.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The parts of a compose file the stand-in acts on, from either the old {@code version: "2"} docker-compose.yml or a
 * modern compose.yaml (YAML anchors and {@code <<} merges included). Relative paths resolve against the project
 * directory, as compose does.
 */
record ComposeFile(Path file, Map<String, ComposeService> services) {

    /** {@code hostIp} 0.0.0.0 (every address) unless the entry names one, as docker publishes it. */
    record Port(int hostPort, int containerPort, String hostIp) {
        Port {
            hostIp = hostIp == null || hostIp.isEmpty() ? "0.0.0.0" : hostIp;
        }
    }

    /** A mount: {@code source} is a host path for a bind mount, a volume name otherwise ({@code null}: anonymous). */
    record Mount(String source, String target, boolean bind) {
    }

    record ComposeService(String name, String image, List<String> command, Map<String, String> environment,
                          List<Path> envFiles, List<Port> ports, List<Mount> mounts, List<String> dependsOn,
                          boolean healthcheck) {
    }

    static ComposeFile load(Path file, Path projectDirectory) {
        Map<String, Object> document;
        try {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
        } catch (IOException e) {
            throw new ComposeError("open " + file + ": no such file or directory");
        } catch (RuntimeException e) {
            throw new ComposeError("yaml: " + file + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
        Map<String, Object> services = map(document == null ? null : document.get("services"));
        Map<String, ComposeService> parsed = new LinkedHashMap<>();
        services.forEach((name, body) -> parsed.put(name, service(name, map(body), projectDirectory)));
        return new ComposeFile(file, parsed);
    }

    ComposeService service(String name) {
        ComposeService service = services.get(name);
        if (service == null) {
            throw new ComposeError("no such service: " + name);
        }
        return service;
    }

    private static ComposeService service(String name, Map<String, Object> body, Path projectDirectory) {
        Object image = body.get("image");
        if (image == null) {
            throw new ComposeError("service \"" + name + "\" has neither an image nor a build context specified:"
                    + " invalid compose project");
        }
        List<Path> envFiles = strings(body.get("env_file")).stream().map(projectDirectory::resolve).toList();
        List<Port> ports = strings(body.get("ports")).stream().map(ComposeFile::port).toList();
        List<Mount> mounts = strings(body.get("volumes")).stream().map(v -> mount(v, projectDirectory)).toList();
        Object depends = body.get("depends_on");
        List<String> dependsOn = depends instanceof Map<?, ?> m ? m.keySet().stream().map(String::valueOf).toList()
                : strings(depends);
        Object command = body.get("command");
        List<String> argv = command instanceof String s ? List.of(s.split("\\s+")) : strings(command);
        return new ComposeService(name, String.valueOf(image), argv, environment(body.get("environment")), envFiles,
                ports, mounts, dependsOn, body.containsKey("healthcheck"));
    }

    private static Map<String, String> environment(Object value) {
        Map<String, String> env = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> env.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        } else {
            for (String entry : strings(value)) {
                int eq = entry.indexOf('=');
                env.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? System.getenv().getOrDefault(entry, "")
                        : entry.substring(eq + 1));
            }
        }
        return env;
    }

    /**
     * {@code "5000:5000"}, {@code "127.0.0.1:5432:5432"}, {@code "80"} (no host port: none is published here); what
     * compose itself refuses (not numbers) is refused as compose does.
     */
    private static Port port(String spec) {
        String[] parts = spec.replaceFirst("/(tcp|udp)$", "").split(":");
        try {
            int container = Integer.parseInt(parts[parts.length - 1]);
            int host = parts.length >= 2 && !parts[parts.length - 2].isEmpty() ? Integer.parseInt(parts[parts.length - 2]) : 0;
            return new Port(host, container, parts.length >= 3 ? parts[parts.length - 3] : null);
        } catch (NumberFormatException e) {
            throw new ComposeError("invalid port \"" + spec + "\": invalid compose project");
        }
    }

    private static Mount mount(String spec, Path projectDirectory) {
        String[] parts = spec.split(":");
        if (parts.length == 1) {
            return new Mount(null, parts[0], false);
        }
        String source = parts[0];
        boolean bind = source.startsWith("/") || source.startsWith(".") || source.startsWith("~");
        String resolved = !bind ? source : source.startsWith("~")
                ? System.getProperty("user.home") + source.substring(1) : projectDirectory.resolve(source).normalize().toString();
        return new Mount(resolved, parts[1], bind);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> ? (Map<String, Object>) value : Map.of();
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(item -> out.add(item instanceof Map<?, ?> m ? longForm(m) : String.valueOf(item)));
        } else if (value != null) {
            out.add(String.valueOf(value));
        }
        return out;
    }

    /** The long syntax of ports/volumes/env_file entries, folded into the short one. */
    private static String longForm(Map<?, ?> entry) {
        if (entry.containsKey("path")) {
            return String.valueOf(entry.get("path"));
        }
        if (entry.containsKey("target") && entry.containsKey("published")) {
            return (entry.containsKey("host_ip") ? entry.get("host_ip") + ":" : "") + entry.get("published") + ":"
                    + entry.get("target");
        }
        Object source = entry.get("source");
        return source == null ? String.valueOf(entry.get("target")) : source + ":" + entry.get("target");
    }
}
