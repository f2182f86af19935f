package dev.ferry.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state directory ferry creates is its owner's only (0700), and so is every file ferry writes in it (0600). */
class PrivateStateFilesTest {
    @TempDir Path dir;

    @Test
    void theStateDirectoryAndEveryFileInItAreTheOwnersOnly() throws Exception {
        Path state = dir.resolve(".ferry").resolve("redash");
        writeEverything(state);
        assertThat(mode(dir.resolve(".ferry"))).isEqualTo("rwx------");
        assertThat(mode(state)).isEqualTo("rwx------");
        assertThat(modes(state)).isEqualTo(Map.of(StateStore.FILE, "rw-------", StateStore.FILE + ".bak", "rw-------",
                Journal.FILE, "rw-------", PlanLock.FILE, "rw-------", "baseline.json", "rw-------"));
    }

    @Test
    void aDirectoryTheOperatorChoseKeepsItsModeButFerrysFilesInItAreStillPrivate() throws Exception {
        Path chosen = Files.createDirectory(dir.resolve("chosen"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
        writeEverything(chosen);
        assertThat(mode(chosen)).isEqualTo("rwxr-x---");
        assertThat(modes(chosen).values()).containsOnly("rw-------");
    }

    @Test
    void aTemporaryFileLeftByACrashDoesNotLendItsModeToTheState() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.writeString(state.resolve(StateStore.FILE + ".tmp"), "half a state");
        Files.setPosixFilePermissions(state.resolve(StateStore.FILE + ".tmp"), PosixFilePermissions.fromString("rw-r--r--"));
        StateStore store = new StateStore(state, Clock.systemUTC());
        store.load();
        store.save(RunState.fresh("redash", "digest"));
        assertThat(modes(state)).isEqualTo(Map.of(StateStore.FILE, "rw-------"));
    }

    private static void writeEverything(Path state) throws IOException {
        StateStore store = new StateStore(state, Clock.systemUTC());
        store.load();
        RunState saved = store.save(RunState.fresh("redash", "digest"));
        store.save(saved.pausedAfter("hook-1"));
        new Journal(state).append(new JournalEntry(Instant.now(), "run-1", JournalEntry.RUN_STARTED, null, null, null,
                null, null));
        PrivateFiles.write(state.resolve("baseline.json"), "{}");
        try (PlanLock lock = PlanLock.acquire(state, Clock.systemUTC())) {
            assertThat(lock.holder().pid()).isEqualTo(ProcessHandle.current().pid());
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static Map<String, String> modes(Path directory) throws IOException {
        Map<String, String> modes = new TreeMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                modes.put(file.getFileName().toString(), mode(file));
            }
        }
        return modes;
    }
}
