package dev.ferry.step;

import java.util.List;

/** The user tables (largest first, with their on-disk size) and sequences of a database: what a data move carries. */
public record SourceInventory(List<TableSize> tables, List<TableName> sequences) {
    public SourceInventory {
        tables = List.copyOf(tables);
        sequences = List.copyOf(sequences);
    }

    public long totalBytes() {
        return tables.stream().mapToLong(TableSize::bytes).sum();
    }

    /**
     * A table and its heap plus TOAST size in bytes (indexes are rebuilt, not copied); {@code splitKey} is its single
     * integer primary-key column when it has one and no generated column, so its rows can be copied in key ranges
     * (null otherwise).
     */
    public record TableSize(TableName table, long bytes, String splitKey) {
        public TableSize(TableName table, long bytes) {
            this(table, bytes, null);
        }
    }
}
