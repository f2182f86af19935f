package dev.ferry.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * One lock per plan: an OS file lock on {@code lock} (released by the kernel if ferry dies) plus a record of the
 * holder (id, host, pid, since) so a refusal can name who holds it. A record left by a dead process on this host is
 * taken over; a record from another host needs {@code ferry unlock --force LOCK_ID}.
 */
public final class PlanLock implements AutoCloseable {
    public static final String FILE = "lock";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final LockHolder holder;

    private PlanLock(Path file, FileChannel channel, FileLock lock, LockHolder holder) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.holder = holder;
    }

    public record LockHolder(String id, String host, long pid, java.time.Instant since) {
        public String describe() {
            return "lock " + id + " held by pid " + pid + " on " + host + " since " + since;
        }
    }

    public static PlanLock acquire(Path directory, Clock clock) {
        Path file = directory.resolve(FILE);
        try {
            PrivateFiles.directory(directory);
            FileChannel channel = PrivateFiles.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            Optional<LockHolder> previous = readHolder(file);
            if (lock == null) {
                channel.close();
                throw locked(file.toString(), previous);
            }
            if (previous.isPresent() && !previous.get().host().equals(hostName())) {
                lock.release();
                channel.close();
                throw locked(file.toString(), previous);
            }
            LockHolder me = new LockHolder(UUID.randomUUID().toString().substring(0, 8), hostName(),
                    ProcessHandle.current().pid(), clock.instant());
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(Json.mapper().writeValueAsBytes(me)), 0);
            channel.force(true);
            return new PlanLock(file, channel, lock, me);
        } catch (IOException e) {
            throw new FerryException(ErrorCode.LOCKED, "cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    /** Removes the lock record if its id is {@code lockId}; refuses while a live process on this host holds it. */
    public static void forceUnlock(Path directory, String lockId) {
        Path file = directory.resolve(FILE);
        Optional<LockHolder> holder = readHolder(file);
        if (holder.isEmpty()) {
            throw new FerryException(ErrorCode.INVALID_INPUT, "no lock at " + file + "; nothing to unlock");
        }
        if (!holder.get().id().equals(lockId)) {
            throw new FerryException(ErrorCode.INVALID_INPUT, "lock id mismatch: the lock is " + holder.get().id()
                    + ", you gave " + lockId + ". Run `ferry status` to see the holder, then pass its id");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock lock = tryLock(channel);
            if (lock == null) {
                throw new FerryException(ErrorCode.LOCKED, holder.get().describe() + " is alive on this host; stop it first"
                        + " (kill " + holder.get().pid() + ") instead of unlocking");
            }
            channel.truncate(0);
            lock.release();
        } catch (IOException e) {
            throw new FerryException(ErrorCode.LOCKED, "cannot unlock " + file + ": " + e.getMessage(), e);
        }
    }

    public static Optional<LockHolder> readHolder(Path file) {
        try {
            if (!Files.exists(file) || Files.size(file) == 0) {
                return Optional.empty();
            }
            return Optional.of(Json.mapper().readValue(Files.readString(file, StandardCharsets.UTF_8), LockHolder.class));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new FerryException(ErrorCode.LOCKED, "cannot read lock " + file + ": " + e.getMessage(), e);
        }
    }

    public LockHolder holder() {
        return holder;
    }

    @Override
    public void close() {
        try {
            channel.truncate(0);
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new FerryException(ErrorCode.STEP_FAILED, "cannot release lock " + file + ": " + e.getMessage(), e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldInThisJvm) {
            return null;
        }
    }

    /** LOCKED, naming the holder and how to go on; the same words for every backend. */
    public static FerryException locked(String location, Optional<LockHolder> holder) {
        String who = holder.map(LockHolder::describe).orElse("another process");
        String next = holder.map(h -> "wait for it to finish; if it is gone, run `ferry unlock PLAN --force " + h.id() + "`")
                .orElse("wait for it to finish");
        return new FerryException(ErrorCode.LOCKED, "the plan is locked: " + who + " (" + location + "); " + next);
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }
}
