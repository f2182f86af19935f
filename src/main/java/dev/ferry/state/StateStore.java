package dev.ferry.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Optional;

/**
 * Reads and writes {@code state.json}. Every write goes to a temporary file, is fsynced, then renamed over the old
 * file (which is kept as {@code state.json.bak}); the file carries a sha256 of its content so a corrupt or truncated
 * state is detected and reported by {@link StateFile}, never silently reset.
 */
public final class StateStore {
    public static final String FILE = "state.json";

    private final Path directory;
    private final Clock clock;
    private long loadedSerial = -1;

    public StateStore(Path directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    public Path directory() {
        return directory;
    }

    public Path file() {
        return directory.resolve(FILE);
    }

    public Optional<RunState> load() {
        Path file = file();
        if (!Files.exists(file)) {
            loadedSerial = 0;
            return Optional.empty();
        }
        RunState state = StateFile.read(file);
        loadedSerial = state.serial();
        return Optional.of(state);
    }

    /** Writes {@code state} with the next serial; refuses if someone else wrote since this store loaded it. */
    public RunState save(RunState state) {
        long onDisk = Files.exists(file()) ? StateFile.read(file()).serial() : 0;
        if (loadedSerial >= 0 && onDisk != loadedSerial) {
            throw new FerryException(ErrorCode.STATE_CONFLICT, "state " + file() + " was written by someone else: serial "
                    + onDisk + " on disk, " + loadedSerial + " expected. Stop the other ferry, then run `ferry status` and resume");
        }
        RunState next = state.written(onDisk + 1, clock.instant());
        try {
            PrivateFiles.directory(directory);
            byte[] bytes = render(next);
            Path temp = directory.resolve(FILE + ".tmp");
            // A temporary file left by a crash keeps its mode when opened: start from a new one.
            Files.deleteIfExists(temp);
            try (FileChannel channel = PrivateFiles.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(bytes));
                channel.force(true);
            }
            if (Files.exists(file())) {
                Path backup = directory.resolve(FILE + ".bak");
                Files.copy(file(), backup, StandardCopyOption.REPLACE_EXISTING);
                PrivateFiles.restrict(backup);
            }
            Files.move(temp, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            fsyncDirectory();
        } catch (IOException e) {
            throw new FerryException(ErrorCode.STEP_FAILED, "cannot write state " + file() + ": " + e.getMessage()
                    + "; the last good state is still there. Free disk space or fix permissions, then resume", e);
        }
        loadedSerial = next.serial();
        return next;
    }

    private static byte[] render(RunState state) throws JsonProcessingException {
        ObjectNode body = Json.mapper().valueToTree(state);
        String checksum = Json.sha256(Json.mapper().writeValueAsBytes(body));
        ObjectNode envelope = Json.mapper().createObjectNode();
        envelope.put("checksum", checksum);
        envelope.set("state", body);
        return (Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(envelope) + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private void fsyncDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException ignored) {
            // some filesystems cannot open a directory for fsync; the rename is still atomic
        }
    }
}
