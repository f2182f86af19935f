package dev.ferry.state;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A {@link StateBackend} held in memory, for the pure logic above the interface (copies, refusals). Writes are
 * conditional like the real ones; {@link #writes()} counts every write, so a test can prove nothing was changed.
 */
public final class MemoryStateBackend implements StateBackend {
    private final String location;
    private byte[] state;
    private int version;
    private PlanLock.LockHolder holder;
    private final List<String> journal = new ArrayList<>();
    private final Map<String, byte[]> files = new HashMap<>();
    private int writes;

    public MemoryStateBackend(String location) {
        this.location = location;
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public synchronized Optional<Versioned> readState() {
        return state == null ? Optional.empty() : Optional.of(new Versioned(state.clone(), "v" + version));
    }

    @Override
    public synchronized String writeState(byte[] content, Optional<String> expected) {
        String actual = state == null ? "none" : "v" + version;
        if (!expected.orElse("none").equals(actual)) {
            throw new StateConflictException(location, expected.orElse("none"), actual);
        }
        writes++;
        state = content.clone();
        version++;
        return "v" + version;
    }

    @Override
    public synchronized Lease lock(Clock clock) {
        if (holder != null) {
            throw new FerryException(ErrorCode.LOCKED, "the plan is locked: " + holder.describe() + " (" + location
                    + "); wait for it to finish; if it is gone, run `ferry unlock PLAN --force " + holder.id() + "`");
        }
        PlanLock.LockHolder me = new PlanLock.LockHolder(UUID.randomUUID().toString().substring(0, 8), "test-host",
                ProcessHandle.current().pid(), clock.instant());
        holder = me;
        return new Lease() {
            @Override
            public PlanLock.LockHolder holder() {
                return me;
            }

            @Override
            public void close() {
                synchronized (MemoryStateBackend.this) {
                    if (holder == me) {
                        holder = null;
                    }
                }
            }
        };
    }

    @Override
    public synchronized Optional<PlanLock.LockHolder> lockHolder() {
        return Optional.ofNullable(holder);
    }

    @Override
    public synchronized void forceUnlock(String lockId) {
        if (holder == null || !holder.id().equals(lockId)) {
            throw new FerryException(ErrorCode.INVALID_INPUT, "lock id mismatch at " + location);
        }
        holder = null;
    }

    @Override
    public synchronized void appendJournal(String line) {
        writes++;
        journal.add(line);
    }

    @Override
    public synchronized List<String> readJournal() {
        return List.copyOf(journal);
    }

    @Override
    public synchronized void writeFile(String name, byte[] content) {
        writes++;
        files.put(name, content.clone());
    }

    @Override
    public synchronized Optional<byte[]> readFile(String name) {
        return Optional.ofNullable(files.get(name)).map(byte[]::clone);
    }

    public synchronized int writes() {
        return writes;
    }
}
