package dev.ferry.database;

import dev.ferry.step.DatabasePorts.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Compares two snapshots table by table and sequence by sequence. Each difference is one sentence that names the object
 * and both sides ("table public.events: 120034 rows on the source, 120031 on the target"); an empty list means equal.
 * Server versions are expected to differ and are not compared.
 */
public final class SnapshotComparison {
    private SnapshotComparison() {
    }

    public static List<String> compare(Snapshot source, Snapshot target) {
        List<String> differences = new ArrayList<>();
        for (String table : union(source.rowCounts(), target.rowCounts())) {
            compareTable(table, source, target, differences);
        }
        for (String sequence : union(source.sequences(), target.sequences())) {
            compareSequence(sequence, source, target, differences);
        }
        return differences;
    }

    /** The tables whose rows differ (missing on one side, other row count or other checksum), sorted. */
    public static List<String> changedTables(Snapshot before, Snapshot after) {
        List<String> changed = new ArrayList<>();
        for (String table : union(before.rowCounts(), after.rowCounts())) {
            List<String> found = new ArrayList<>();
            compareTable(table, before, after, found);
            if (!found.isEmpty()) {
                changed.add(table);
            }
        }
        return changed;
    }

    /** The sequences whose value or called flag differ, or that exist on one side only, sorted. */
    public static List<String> changedSequences(Snapshot before, Snapshot after) {
        List<String> changed = new ArrayList<>();
        for (String sequence : union(before.sequences(), after.sequences())) {
            List<String> found = new ArrayList<>();
            compareSequence(sequence, before, after, found);
            if (!found.isEmpty()) {
                changed.add(sequence);
            }
        }
        return changed;
    }

    private static void compareTable(String table, Snapshot source, Snapshot target, List<String> out) {
        Long sourceRows = source.rowCounts().get(table);
        Long targetRows = target.rowCounts().get(table);
        if (sourceRows == null || targetRows == null) {
            out.add("table " + table + ": " + missing(sourceRows == null));
        } else if (!sourceRows.equals(targetRows)) {
            out.add("table " + table + ": " + sourceRows + " rows on the source, " + targetRows + " on the target");
        } else {
            compareChecksums(table, sourceRows, source.checksums().get(table), target.checksums().get(table), out);
        }
    }

    private static void compareChecksums(String table, long rows, String source, String target, List<String> out) {
        if (source == null || target == null || source.equals(target)) {
            return;
        }
        String sourceMode = source.substring(0, source.lastIndexOf(':'));
        String targetMode = target.substring(0, target.lastIndexOf(':'));
        if (!sourceMode.equals(targetMode)) {
            out.add("table " + table + ": checksums not comparable (" + sourceMode + " on the source, " + targetMode
                    + " on the target); take both snapshots with the same options");
        } else {
            out.add("table " + table + ": same row count (" + rows + ") but different contents (checksum "
                    + abbreviate(source) + " on the source, " + abbreviate(target) + " on the target)");
        }
    }

    private static void compareSequence(String sequence, Snapshot source, Snapshot target, List<String> out) {
        Long sourceValue = source.sequences().get(sequence);
        Long targetValue = target.sequences().get(sequence);
        if (sourceValue == null || targetValue == null) {
            out.add("sequence " + sequence + ": " + missing(sourceValue == null));
        } else if (!sourceValue.equals(targetValue)) {
            out.add("sequence " + sequence + ": last value " + sourceValue + " on the source, " + targetValue + " on the target");
        } else {
            Boolean sourceCalled = source.sequencesCalled().get(sequence);
            Boolean targetCalled = target.sequencesCalled().get(sequence);
            if (sourceCalled != null && targetCalled != null && !Objects.equals(sourceCalled, targetCalled)) {
                out.add("sequence " + sequence + ": next value " + next(sourceValue, sourceCalled) + " on the source, "
                        + next(targetValue, targetCalled) + " on the target (same last value, is_called differs)");
            }
        }
    }

    private static String next(long lastValue, boolean called) {
        return called ? "after " + lastValue : String.valueOf(lastValue);
    }

    private static String missing(boolean onSource) {
        return onSource ? "missing on the source, present on the target" : "present on the source, missing on the target";
    }

    private static String abbreviate(String checksum) {
        String hash = checksum.substring(checksum.lastIndexOf(':') + 1);
        return hash.substring(0, Math.min(8, hash.length()));
    }

    private static TreeSet<String> union(Map<String, ?> a, Map<String, ?> b) {
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }
}
