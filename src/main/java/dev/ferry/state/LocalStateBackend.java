package dev.ferry.state;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The plan's state in a private directory on this machine ({@code .ferry/<plan>/}): {@code state.json} written to a
 * temporary file, fsynced and renamed over the old one (kept as {@code state.json.bak}), {@code journal.jsonl}
 * appended and fsynced, the lock held by the OS ({@link PlanLock}), side files beside them. Versions are digests of
 * the file's bytes.
 */
public final class LocalStateBackend implements StateBackend {
    /**
     * One monitor per state file, so two backends of this JVM over the same directory cannot both pass the version
     * check; across processes the plan's lock already lets only one writer in.
     */
    private static final ConcurrentHashMap<Path, Object> WRITERS = new ConcurrentHashMap<>();

    private final Path directory;

    public LocalStateBackend(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    public Path stateFile() {
        return directory.resolve(StateStore.FILE);
    }

    @Override
    public String location() {
        return stateFile().toString();
    }

    @Override
    public Optional<Versioned> readState() {
        Path file = stateFile();
        if (Files.isDirectory(file)) {
            throw new FerryException(ErrorCode.INVALID_INPUT, "state " + file + " is a directory, not a state file;"
                    + " move it out of the way, then restore " + file.getFileName() + ".bak as " + file.getFileName());
        }
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            return Optional.of(new Versioned(bytes, Json.sha256(bytes)));
        } catch (IOException e) {
            throw new FerryException(ErrorCode.INVALID_INPUT, "cannot read state " + file + ": " + e.getMessage()
                    + "; make it readable by this user", e);
        }
    }

    @Override
    public String writeState(byte[] content, Optional<String> expected) {
        synchronized (WRITERS.computeIfAbsent(stateFile().toAbsolutePath().normalize(), f -> new Object())) {
            return writeChecked(content, expected);
        }
    }

    private String writeChecked(byte[] content, Optional<String> expected) {
        String current = readState().map(Versioned::version).orElse(null);
        if (!java.util.Objects.equals(current, expected.orElse(null))) {
            throw new StateConflictException(location(), expected.map(Json::shortDigest).orElse("none"),
                    current == null ? "none" : Json.shortDigest(current));
        }
        try {
            PrivateFiles.directory(directory);
            Path temp = directory.resolve(StateStore.FILE + ".tmp");
            // A temporary file left by a crash keeps its mode when opened: start from a new one.
            Files.deleteIfExists(temp);
            try (FileChannel channel = PrivateFiles.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(content));
                channel.force(true);
            }
            if (Files.exists(stateFile())) {
                Path backup = directory.resolve(StateStore.FILE + ".bak");
                Files.copy(stateFile(), backup, StandardCopyOption.REPLACE_EXISTING);
                PrivateFiles.restrict(backup);
            }
            Files.move(temp, stateFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            fsyncDirectory();
        } catch (IOException e) {
            throw new FerryException(ErrorCode.STEP_FAILED, "cannot write state " + stateFile() + ": " + e.getMessage()
                    + "; the last good state is still there. Free disk space or fix permissions, then resume", e);
        }
        return Json.sha256(content);
    }

    @Override
    public String recovery() {
        Path backup = directory.resolve(StateStore.FILE + ".bak");
        return Files.isRegularFile(backup)
                ? "restore " + backup.getFileName() + " (the previous version) over it, then run `ferry status` to check it"
                : "rebuild it from " + Journal.FILE + " by hand";
    }

    @Override
    public Lease lock(Clock clock) {
        return PlanLock.acquire(directory, clock);
    }

    @Override
    public Optional<PlanLock.LockHolder> lockHolder() {
        return PlanLock.readHolder(directory.resolve(PlanLock.FILE));
    }

    @Override
    public void forceUnlock(String lockId) {
        PlanLock.forceUnlock(directory, lockId);
    }

    @Override
    public synchronized void appendJournal(String line) {
        Path file = directory.resolve(Journal.FILE);
        try {
            PrivateFiles.directory(directory);
            try (FileChannel channel = PrivateFiles.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                channel.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
                channel.force(false);
            }
        } catch (IOException e) {
            throw new FerryException(ErrorCode.STEP_FAILED, "cannot append to journal " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> readJournal() {
        Path file = directory.resolve(Journal.FILE);
        if (!Files.exists(file)) {
            return new ArrayList<>();
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new FerryException(ErrorCode.INVALID_INPUT, "cannot read journal " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void writeFile(String name, byte[] content) {
        Path file = sideFile(name);
        try {
            PrivateFiles.directory(directory);
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            PrivateFiles.write(temp, new String(content, StandardCharsets.UTF_8));
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new FerryException(ErrorCode.STEP_FAILED, "cannot write " + file + ": " + e.getMessage()
                    + "; free disk space or fix permissions, then resume", e);
        }
    }

    @Override
    public Optional<byte[]> readFile(String name) {
        Path file = sideFile(name);
        try {
            return Files.exists(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
        } catch (IOException e) {
            throw new FerryException(ErrorCode.INVALID_INPUT, "cannot read " + file + ": " + e.getMessage()
                    + "; make it readable by this user", e);
        }
    }

    private Path sideFile(String name) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*") || name.contains("..")) {
            throw new IllegalArgumentException("not a side-file name: " + name);
        }
        return directory.resolve(name);
    }

    private void fsyncDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException ignored) {
            // some filesystems cannot open a directory for fsync; the rename is still atomic
        }
    }
}
