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

    /** A table and its heap plus TOAST size in bytes (indexes are rebuilt, not copied). */
    public record TableSize(TableName table, long bytes) {
    }
}
