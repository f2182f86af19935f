package dev.ferry.cli;

import dev.ferry.state.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Every file and folder under a root, with a digest of each file's bytes: equal snapshots mean nothing changed. */
public record DiskSnapshot(Map<String, String> entries) {

    public static DiskSnapshot of(Path root) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.toList()) {
                entries.put(root.relativize(path).toString(),
                        Files.isDirectory(path) ? "folder" : Json.sha256(Files.readAllBytes(path)));
            }
        }
        return new DiskSnapshot(entries);
    }
}
