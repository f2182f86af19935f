package dev.ferry.sandbox.host;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The containers of one compose project, in {@code <project dir>/.sandbox-compose/state.json}, so that separate
 * {@code docker} processes see one another's work. Writers hold a file lock; readers see whole files (rename).
 */
record ComposeState(String project, Map<String, ContainerRecord> containers) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    ComposeState {
        containers = new LinkedHashMap<>(containers);
    }

    /** Running PostgreSQL and Redis services as {@code 127.0.0.1:port}: what their service names resolve to. */
    Map<String, String> serviceAddresses() {
        Map<String, String> addresses = new LinkedHashMap<>();
        containers.values().stream().filter(ContainerRecord::running)
                .filter(c -> ServiceImage.of(c.image()).kind() != ServiceImage.Kind.APP)
                .forEach(c -> addresses.put(c.service(), "127.0.0.1:" + c.port()));
        return addresses;
    }

    static Path file(Path projectDirectory) {
        return projectDirectory.resolve(".sandbox-compose/state.json");
    }

    static ComposeState load(Path file, String project) {
        if (!Files.exists(file)) {
            return new ComposeState(project, Map.of());
        }
        try {
            return JSON.readValue(file.toFile(), ComposeState.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sandbox compose state " + file, e);
        }
    }

    void save(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), this);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sandbox compose state " + file, e);
        }
    }

    /** Holds the project's lock until closed: one mutating {@code docker compose} call at a time, like the daemon. */
    static AutoCloseable lock(Path file) {
        try {
            Files.createDirectories(file.getParent());
            FileChannel channel = FileChannel.open(file.resolveSibling("lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.lock();
            return () -> {
                lock.release();
                channel.close();
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file, e);
        }
    }
}
