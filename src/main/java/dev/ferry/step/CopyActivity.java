package dev.ferry.step;

import java.util.List;

/**
 * What one backend of the target database is doing for a data move, as {@code pg_stat_progress_copy} ({@code kind}
 * "copy": bytes and rows so far; {@code bytesTotal} is 0 when COPY reads a pipe) or
 * {@code pg_stat_progress_create_index} ("index": its phase, blocks and tuples done out of the total) show it.
 */
public record CopyActivity(String kind, String table, String phase, long bytesDone, long bytesTotal, long rows,
                           long blocksDone, long blocksTotal, long tuplesDone, long tuplesTotal) {
    public static final String COPY = "copy";
    public static final String INDEX = "index";

    /** Reads {@link CopyActivity} over one connection until closed. */
    public interface Watch extends AutoCloseable {
        Watch NONE = new Watch() {
            @Override
            public List<CopyActivity> read() {
                return List.of();
            }

            @Override
            public void close() {
            }
        };

        List<CopyActivity> read();

        @Override
        void close();
    }
}
