package dev.ferry.sandbox.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One compose project as a {@code docker compose} call sees it: its file, name, directory and container state. */
record ComposeContext(String name, Path directory, ComposeFile file, Path stateFile, Path sandboxHome) {
    private static final List<String> DEFAULT_FILES =
            List.of("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml");

    static ComposeContext resolve(List<String> files, String projectDirectory, String projectName, Path cwd,
                                  Path sandboxHome) {
        if (files.size() > 1) {
            throw new ComposeError("the sandbox's docker stand-in reads one compose file; got " + files);
        }
        Path file = files.isEmpty() ? findDefault(projectDirectory == null ? cwd : cwd.resolve(projectDirectory))
                : cwd.resolve(files.get(0)).normalize();
        Path directory = projectDirectory != null ? cwd.resolve(projectDirectory).normalize() : file.getParent();
        String name = projectName != null ? projectName : normalise(directory.getFileName().toString());
        ComposeFile compose = ComposeFile.load(file, directory);
        Path home = sandboxHome != null ? sandboxHome : directory.resolve(".sandbox-compose");
        return new ComposeContext(name, directory, compose, ComposeState.file(directory), home);
    }

    ComposeState state() {
        return ComposeState.load(stateFile, name);
    }

    String containerName(String service) {
        return name + "-" + service + "-1";
    }

    /** Running PostgreSQL and Redis services as {@code 127.0.0.1:port}: what their service names resolve to. */
    Map<String, String> serviceAddresses() {
        return state().serviceAddresses();
    }

    /** Compose's environment for a service: env_file entries first, {@code environment} over them. */
    Map<String, String> environment(ComposeFile.ComposeService service) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Path envFile : service.envFiles()) {
            try {
                for (String line : Files.readAllLines(envFile)) {
                    String trimmed = line.strip();
                    int eq = trimmed.indexOf('=');
                    if (!trimmed.isEmpty() && !trimmed.startsWith("#") && eq > 0) {
                        env.put(trimmed.substring(0, eq).replaceFirst("^export\\s+", ""), unquote(trimmed.substring(eq + 1)));
                    }
                }
            } catch (IOException e) {
                throw new ComposeError("env file " + envFile + " not found: stat " + envFile
                        + ": no such file or directory");
            }
        }
        env.putAll(service.environment());
        return env;
    }

    Path containerDirectory(String id) {
        return sandboxHome.resolve("containers").resolve(id);
    }

    Path namedVolume(String volume) {
        return sandboxHome.resolve("volumes").resolve(name + "_" + volume).resolve("_data");
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static Path findDefault(Path directory) {
        for (String candidate : DEFAULT_FILES) {
            if (Files.exists(directory.resolve(candidate))) {
                return directory.resolve(candidate);
            }
        }
        throw new ComposeError("no configuration file provided: not found");
    }

    private static String normalise(String directoryName) {
        return directoryName.toLowerCase().replaceAll("[^a-z0-9_-]", "");
    }

    static void ensureDirectory(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
