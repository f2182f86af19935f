package dev.ferry.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Watches a directory, as another user on the host would, while a file in it is rewritten: every temporary entry
 * beside {@code target} that holds content is checked for whether someone other than its owner could open it.
 */
final class TemporaryFileWatch {
    private final Path directory;
    private final String target;
    private final AtomicInteger seen = new AtomicInteger();
    private final List<String> exposed = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    TemporaryFileWatch(Path directory, String target) {
        this.directory = directory;
        this.target = target;
        this.thread = new Thread(this::watch, "temporary-file-watch");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void stop() throws InterruptedException {
        running = false;
        thread.join();
    }

    int seen() {
        return seen.get();
    }

    List<String> exposed() {
        return exposed;
    }

    private void watch() {
        while (running) {
            for (Path entry : list(directory)) {
                if (!entry.getFileName().toString().equals(target)) {
                    check(entry, true);
                }
            }
        }
    }

    /** {@code reachable}: whether others may enter the directory the entry is in. */
    private void check(Path entry, boolean reachable) {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(entry);
            if (Files.isDirectory(entry)) {
                boolean enterable = mode.contains(PosixFilePermission.OTHERS_EXECUTE)
                        || mode.contains(PosixFilePermission.GROUP_EXECUTE);
                list(entry).forEach(inner -> check(inner, reachable && enterable));
            } else if (Files.size(entry) > 0) {
                seen.incrementAndGet();
                boolean readable = mode.contains(PosixFilePermission.OTHERS_READ)
                        || mode.contains(PosixFilePermission.GROUP_READ);
                if (reachable && readable) {
                    exposed.add(directory.relativize(entry) + " " + mode);
                }
            }
        } catch (IOException gone) {
            // Renamed or removed between the listing and the look.
        }
    }

    private static List<Path> list(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.toList();
        } catch (IOException gone) {
            return List.of();
        }
    }
}
