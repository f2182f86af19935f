package dev.ferry.sandbox.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The compose projects that ever ran on a sandbox host, so that closing the host stops all their processes. */
final class ComposeProjects {
    private static final Logger log = LoggerFactory.getLogger(ComposeProjects.class);

    private ComposeProjects() {
    }

    static void register(ComposeContext project) {
        Path entry = project.sandboxHome().resolve("projects").resolve(project.name() + "-"
                + Integer.toHexString(project.stateFile().hashCode()));
        try {
            Files.createDirectories(entry.getParent());
            Files.writeString(entry, project.stateFile().toString());
        } catch (IOException e) {
            log.warn("cannot register compose project {}: {}", project.name(), e.getMessage());
        }
    }

    /** The service addresses of the project whose network is {@code network} ({@code <project>_default}). */
    static Map<String, String> networkAddresses(Path sandboxHome, String network) {
        for (Path stateFile : stateFiles(sandboxHome)) {
            ComposeState state = ComposeState.load(stateFile, "");
            if (network.equals(state.project() + "_default") || network.equals(state.project())) {
                return state.serviceAddresses();
            }
        }
        return Map.of();
    }

    /** Every container of every compose project on this host, reconciled with the process table. */
    static List<ComposeState> states(Path sandboxHome) {
        return stateFiles(sandboxHome).stream().map(f -> ComposeState.load(f, "")).toList();
    }

    private static List<Path> stateFiles(Path sandboxHome) {
        Path projects = sandboxHome.resolve("projects");
        if (!Files.isDirectory(projects)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(projects)) {
            List<Path> files = new java.util.ArrayList<>();
            for (Path entry : entries.toList()) {
                files.add(Path.of(Files.readString(entry).strip()));
            }
            return files.stream().filter(Files::exists).toList();
        } catch (IOException e) {
            log.warn("cannot list the sandbox's compose projects: {}", e.getMessage());
            return List.of();
        }
    }

    static void stopAll(Path sandboxHome) {
        stateFiles(sandboxHome).forEach(ComposeProjects::stopProject);
    }

    private static void stopProject(Path stateFile) {
        ComposeState state = ComposeState.load(stateFile, "");
        List<ContainerRecord> running = state.containers().values().stream().filter(ContainerRecord::running).toList();
        List<ContainerRecord> stopped = running.parallelStream().peek(r -> log.info("stopping sandbox container {}",
                r.name())).map(Containers::stop).toList();
        stopped.forEach(record -> state.containers().put(record.service(), record));
        state.save(stateFile);
    }
}
