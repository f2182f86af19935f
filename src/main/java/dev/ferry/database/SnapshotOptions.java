package dev.ferry.database;

/**
 * How much of each table a snapshot hashes. Tables with more than {@code sampleAboveRows} rows are hashed in sample mode:
 * only every {@code sampleEvery}-th range of {@code rangeSize} primary-key values (tables without a single integer key
 * fall back to every {@code sampleEvery}-th row by hash). The sample is deterministic, so two snapshots taken with the
 * same options compare; snapshots taken with different options say so instead of reporting a false difference.
 */
public record SnapshotOptions(long sampleAboveRows, int sampleEvery, long rangeSize) {
    public SnapshotOptions {
        if (sampleEvery < 1 || rangeSize < 1 || sampleAboveRows < 0) {
            throw new IllegalArgumentException("sampleEvery and rangeSize must be >= 1, sampleAboveRows >= 0");
        }
    }

    /** Every row of every table. */
    public static SnapshotOptions full() {
        return new SnapshotOptions(Long.MAX_VALUE, 1, 1);
    }

    public static SnapshotOptions sampled(long aboveRows, int every, long rangeSize) {
        return new SnapshotOptions(aboveRows, every, rangeSize);
    }

    boolean samples(long rows) {
        return sampleEvery > 1 && rows > sampleAboveRows;
    }

    /** The label that prefixes a checksum taken this way, e.g. {@code full} or {@code sample 1/10 of 1000-key ranges}. */
    String label(long rows, boolean integerKey) {
        if (!samples(rows)) {
            return "full";
        }
        return integerKey ? "sample 1/" + sampleEvery + " of " + rangeSize + "-key ranges" : "sample 1/" + sampleEvery + " of rows";
    }
}
