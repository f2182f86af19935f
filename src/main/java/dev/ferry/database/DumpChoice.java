package dev.ferry.database;

import dev.ferry.host.DiskSpace;
import dev.ferry.step.SourceInventory;
import dev.ferry.step.SourceInventory.TableSize;
import java.util.Comparator;
import java.util.Optional;

/**
 * The dump method {@code auto} uses when it does not replicate, by the tables' shape first and the disk's room second.
 * A table holding more than half the data (Redash's query_results) bounds directory and stream: directory dumps it
 * whole to disk and only then restores it whole, stream moves it in one pipe, while copy splits it into key ranges
 * moved in parallel, each dumped and loaded at once. Without such a table, directory's per-table parallel dump and
 * restore is the proven one, and copy (per table, in parallel, nothing on disk but the post-data) stands in for it when
 * the disk is short. Stream, which needs no disk, is left for what no other fits: a dominant table without an integer
 * key (one pipe beats writing it out and reading it back in one piece), one job, or a full disk.
 */
public record DumpChoice(MoveMethod method, String because) {

    /** The rule {@link #of} follows, for previews: {@code dir} is where the work files go. */
    public static String rule(String dir) {
        return "copy if one table holds more than half the data and has a single integer key to split it by; else"
                + " directory if " + dir + " has room for 1.5 x the tables' size + "
                + DiskSpace.human(DataMove.DISK_HEADROOM_BYTES) + " headroom; else copy; stream when none fits or"
                + " jobs is 1";
    }

    public static DumpChoice of(SourceInventory inventory, int jobs, long freeBytes) {
        long total = inventory.totalBytes();
        String room = DiskSpace.human(freeBytes) + " free";
        if (jobs <= 1) {
            return new DumpChoice(MoveMethod.STREAM, "one job: a single pipe overlaps the dump and the restore");
        }
        Optional<TableSize> dominant = dominant(inventory);
        if (dominant.isPresent()) {
            TableSize t = dominant.get();
            String share = t.table() + " holds " + DiskSpace.human(t.bytes()) + " of " + DiskSpace.human(total);
            if (t.splitKey() != null && DataMove.fits(total, MoveMethod.COPY, freeBytes)) {
                return new DumpChoice(MoveMethod.COPY, share + ": copy moves it in " + jobs + " key ranges at once,"
                        + " where directory and stream move it in one piece");
            }
            return new DumpChoice(MoveMethod.STREAM, share + (t.splitKey() == null
                    ? " and has no single integer key to split it by" : " and " + room + " is short even for copy")
                    + ": one pipe, where directory would write it out and read it back in one piece");
        }
        if (DataMove.fits(total, MoveMethod.DIRECTORY, freeBytes)) {
            return new DumpChoice(MoveMethod.DIRECTORY, "no table holds more than half the data, and " + room
                    + " holds the dump: tables dumped and restored " + jobs + " at a time");
        }
        if (DataMove.fits(total, MoveMethod.COPY, freeBytes)) {
            return new DumpChoice(MoveMethod.COPY, "no table holds more than half the data, but " + room
                    + " cannot hold a dump: tables copied " + jobs + " at a time without one");
        }
        return new DumpChoice(MoveMethod.STREAM, room + " holds no work files: one pipe, nothing on disk");
    }

    /**
     * The largest table, when it holds more than half the data (so it bounds any per-table parallelism, whatever the
     * jobs) and is large enough to be worth splitting.
     */
    static Optional<TableSize> dominant(SourceInventory inventory) {
        long total = inventory.totalBytes();
        return inventory.tables().stream().max(Comparator.comparingLong(TableSize::bytes))
                .filter(t -> t.bytes() >= ParallelCopy.SPLIT_MIN_BYTES && t.bytes() * 2 > total);
    }
}
