package dev.ferry.steps;

import dev.ferry.step.CopyActivity;
import dev.ferry.step.SourceInventory;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns what the target shows of a restore into lines an operator reads, e.g. {@code copying public.query_results
 * 412 MB of ~790 MB, 1.2M rows, 38 MB/s, ETA 0:10}. COPY reading a pipe knows no total, so the table's size on the
 * source (from the inventory) stands in for it, marked {@code ~}; the rate is measured between two readings.
 */
final class CopyReport {
    private static final long MB = 1024 * 1024;
    private final Map<String, Long> sourceBytes = new HashMap<>();
    private final Map<String, Sample> first = new HashMap<>();

    private record Sample(Instant at, long bytes) {
    }

    CopyReport(SourceInventory inventory) {
        inventory.tables().forEach(t -> sourceBytes.put(t.table().toString(), t.bytes()));
    }

    String line(CopyActivity a, Instant now) {
        return CopyActivity.INDEX.equals(a.kind()) ? index(a) : copy(a, now);
    }

    private String copy(CopyActivity a, Instant now) {
        boolean known = a.bytesTotal() > 0;
        long total = known ? a.bytesTotal() : sourceBytes.getOrDefault(a.table(), 0L);
        StringBuilder out = new StringBuilder("copying " + a.table() + " " + size(a.bytesDone()));
        if (total > 0) {
            out.append(" of ").append(known ? "" : "~").append(size(total));
        }
        out.append(", ").append(count(a.rows())).append(" rows");
        // the rate since this table's first reading: steadier than between two readings 2 s apart
        Sample before = first.putIfAbsent(a.table(), new Sample(now, a.bytesDone()));
        if (before != null && now.isAfter(before.at()) && a.bytesDone() > before.bytes()) {
            double perSecond = (a.bytesDone() - before.bytes()) * 1000.0 / Duration.between(before.at(), now).toMillis();
            out.append(", ").append(Math.round(perSecond / MB)).append(" MB/s");
            if (total > a.bytesDone()) {
                out.append(", ETA ").append(clock(Math.round((total - a.bytesDone()) / perSecond)));
            }
        }
        return out.toString();
    }

    private static String index(CopyActivity a) {
        String done = a.blocksTotal() > 0 ? ", " + a.blocksDone() + "/" + a.blocksTotal() + " blocks"
                : a.tuplesTotal() > 0 ? ", " + count(a.tuplesDone()) + "/" + count(a.tuplesTotal()) + " tuples" : "";
        return "indexing " + a.table() + ": " + a.phase() + done;
    }

    /** "412 MB", or "640 kB" under a megabyte. */
    static String size(long bytes) {
        return bytes >= MB ? bytes / MB + " MB" : bytes / 1024 + " kB";
    }

    /** 12, 12.3k, 1.2M. */
    static String count(long n) {
        if (n >= 1_000_000) {
            return String.format("%.1fM", n / 1_000_000.0);
        }
        return n >= 1_000 ? String.format("%.1fk", n / 1_000.0) : String.valueOf(n);
    }

    /** m:ss, or h:mm:ss from an hour. */
    static String clock(long seconds) {
        return seconds >= 3600 ? String.format("%d:%02d:%02d", seconds / 3600, seconds % 3600 / 60, seconds % 60)
                : String.format("%d:%02d", seconds / 60, seconds % 60);
    }
}
