package dev.ferry.step;

import dev.ferry.step.DatabasePorts.Snapshot;
import java.math.BigInteger;
import java.util.Map;

/**
 * The live half of a replicate move's verification, taken while the app still writes: per table, a digest of every
 * bucket of key values on both sides, and the WAL position from which the source's changes are tracked
 * ({@code fromLsn}, where the tracking slot starts). Buckets that differed then, and buckets changed since, are all
 * the writers-stopped half has to read again. Kept in memory between the two halves: a resumed run has none and
 * verifies every table whole.
 */
public record LiveDigests(String fromLsn, Map<String, TableDigests> source, Map<String, TableDigests> target) {
    public LiveDigests {
        source = Map.copyOf(source);
        target = Map.copyOf(target);
    }

    /**
     * One table's buckets: rows whose {@code keyColumn} value v has {@code v / width} = the bucket (Java's and SQL's
     * integer division agree); a table without a single integer key is one bucket 0 ({@code keyColumn} null).
     */
    public record TableDigests(String keyColumn, long width, Map<Long, Digest> buckets) {
        public TableDigests {
            buckets = Map.copyOf(buckets);
        }
    }

    /** Rows of a bucket and the sum of their row hashes (the first 64 bits of md5 of each row's text, as a number). */
    public record Digest(long rows, BigInteger sum) {
        public static final Digest EMPTY = new Digest(0, BigInteger.ZERO);
    }

    /** What the writers-stopped half found: both sides as full snapshots would show them, and what it had to read. */
    public record Cutover(Snapshot source, Snapshot target, int changes, int bucketsRead, int tablesReadWhole) {
    }
}
