package dev.ferry.sandbox.host;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * A container's environment, fixed when it is created (mode 0600, it holds the app's secrets). Like docker,
 * {@code start} and {@code restart} reuse it and only {@code up} (recreate) reads the env file again, so a migration
 * step that restarts instead of recreating after an env edit misbehaves here as it would on the real host.
 */
final class ContainerConfig {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ContainerConfig() {
    }

    static void write(ContainerRecord record, Map<String, String> environment) {
        Path file = file(record);
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            JSON.writeValue(file.toFile(), environment);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static Map<String, String> read(ContainerRecord record) {
        try {
            return JSON.readValue(file(record).toFile(), new TypeReference<Map<String, String>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the config of container " + record.name(), e);
        }
    }

    private static Path file(ContainerRecord record) {
        return Path.of(record.directory()).resolve("config.json");
    }
}
