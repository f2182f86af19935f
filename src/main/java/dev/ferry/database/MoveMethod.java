package dev.ferry.database;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** How the data travels from the source to the target; see {@link DataMove}. */
public enum MoveMethod {
    /** {@code pg_dump -Fc -Z0 | pg_restore}: one stream, no intermediate file, single restore job. */
    STREAM,
    /** {@code pg_dump -Fd -j N} into a directory on the host, then {@code pg_restore -j N}. Needs disk for a full copy. */
    DIRECTORY,
    /** Schema first, then per-table {@code COPY ... TO STDOUT | COPY ... FROM STDIN} N at a time, then indexes with -j N. */
    COPY,
    /**
     * The schema first, then native logical replication (publication on the source, subscription on the target) while
     * the app keeps writing; the writers stop only for the catch-up, the sequences and the switch. See
     * {@link LogicalReplication}.
     */
    REPLICATE;

    /**
     * The plan's word for "let ferry choose": replicate when the source allows it at the move (move-database's
     * choose-method), else directory when the host has disk for the dump, else stream.
     */
    public static final String AUTO = "auto";

    /** Every word move-database's {@code method} option accepts: {@link #AUTO}, then each method's id. */
    public static List<String> words() {
        return Stream.concat(Stream.of(AUTO), Arrays.stream(values()).map(MoveMethod::id)).toList();
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MoveMethod parse(String id) {
        return Arrays.stream(values()).filter(m -> m.id().equalsIgnoreCase(id.strip())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown move method '" + id + "'; one of stream, directory, copy, replicate"));
    }
}
