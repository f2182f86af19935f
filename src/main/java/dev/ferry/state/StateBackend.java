package dev.ferry.state;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Where one plan's state document, journal, lock and side files live: a local directory (the default) or an S3 bucket
 * a team shares. Every write that could race is conditional, so two writers can never both win: the state document
 * is replaced only if it still has the version the writer read, the lock is created only if there is none. Checksums,
 * serials and lineage are checked above this interface ({@link StateStore}), the same for every backend.
 */
public interface StateBackend {

    /** Where it is, for messages: a directory, or {@code s3://bucket/key}. Never a secret. */
    String location();

    /** The state document and the version it was read at (an ETag, or a digest of the local file); empty if none. */
    Optional<Versioned> readState();

    /**
     * Writes the state document if its current version is still {@code expected} (empty: only if there is none yet)
     * and returns the new version. Throws {@link StateConflictException} when the condition does not hold, changing
     * nothing.
     */
    String writeState(byte[] content, Optional<String> expected);

    /**
     * Takes the plan's lock for this process; throws LOCKED (exit 3) naming the holder (id, host, pid, since) when
     * someone else has it. Closing the lease releases it. A holder that died leaves a local lock free (the OS drops
     * it); an S3 lock stays until {@link #forceUnlock}, unless its holder was on this host and its pid is gone.
     */
    Lease lock(Clock clock);

    /** Who holds the lock now, if anyone. */
    Optional<PlanLock.LockHolder> lockHolder();

    /** Removes the lock if its id is {@code lockId}; INVALID_INPUT naming the real id otherwise. */
    void forceUnlock(String lockId);

    /** Appends one journal line (one JSON object, no line break); earlier lines are never rewritten. */
    void appendJournal(String line);

    /** Every journal line, oldest first. */
    List<String> readJournal();

    /** How to get the last good state document back, as the next action of a "corrupt state" message. */
    default String recovery() {
        return "rebuild it from the journal by hand";
    }

    /** Writes a side file too large for the state document (e.g. a snapshot baseline), replacing one of that name. */
    void writeFile(String name, byte[] content);

    /** A side file written by {@link #writeFile}, if there is one. */
    Optional<byte[]> readFile(String name);

    /** What the storage itself promises (a bucket's access, versioning, encryption), for the doctor; empty if local. */
    default Optional<StorageFacts> facts() {
        return Optional.empty();
    }

    /** A held lock; {@link #close} releases it. */
    interface Lease extends AutoCloseable {
        PlanLock.LockHolder holder();

        @Override
        void close();
    }

    /** A document and the version it was read at. */
    record Versioned(byte[] content, String version) {
    }

    /** A conditional write lost: someone else wrote since this writer read. */
    final class StateConflictException extends FerryException {
        private final String expected;
        private final String actual;

        public StateConflictException(String location, String expected, String actual) {
            super(ErrorCode.STATE_CONFLICT, "state " + location + " was written by someone else: version " + actual
                    + " there, " + expected + " expected. Stop the other ferry, then run `ferry status PLAN` and resume");
            this.expected = expected;
            this.actual = actual;
        }

        public String expected() {
            return expected;
        }

        public String actual() {
            return actual;
        }
    }
}
