package dev.ferry.steps;

import dev.ferry.database.DatabasePorts.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Differences between two database snapshots, and a compact text form for state (no data, only numbers). */
final class SnapshotComparison {
    private SnapshotComparison() {
    }

    static List<String> differences(Snapshot from, Snapshot to, boolean checksums) {
        List<String> out = new ArrayList<>();
        compare("rows", from.rowCounts(), to.rowCounts(), out);
        compare("sequence", from.sequences(), to.sequences(), out);
        if (checksums) {
            if (from.checksums().isEmpty() && !from.rowCounts().isEmpty()) {
                out.add("no checksums in the snapshot (the database adapter did not compute them)");
            }
            compare("checksum", from.checksums(), to.checksums(), out);
        }
        return out;
    }

    private static <V> void compare(String what, Map<String, V> from, Map<String, V> to, List<String> out) {
        TreeSet<String> keys = new TreeSet<>(from.keySet());
        keys.addAll(to.keySet());
        for (String key : keys) {
            if (!Objects.equals(from.get(key), to.get(key))) {
                out.add(what + " " + key + ": " + show(from.get(key)) + " → " + show(to.get(key)));
            }
        }
    }

    private static String show(Object value) {
        return value == null ? "missing" : value.toString();
    }

    static String summary(List<String> differences) {
        List<String> head = differences.stream().limit(10).toList();
        String more = differences.size() > head.size() ? "\n  … and " + (differences.size() - head.size()) + " more" : "";
        return "\n  " + String.join("\n  ", head) + more;
    }

    /** {@code rows:schema.table=N;sequence:schema.seq=N;checksum:…} — reparsed by {@link #parse}. */
    static String encode(Snapshot s) {
        Map<String, String> all = new TreeMap<>();
        s.rowCounts().forEach((k, v) -> all.put("rows:" + k, String.valueOf(v)));
        s.sequences().forEach((k, v) -> all.put("sequence:" + k, String.valueOf(v)));
        s.checksums().forEach((k, v) -> all.put("checksum:" + k, v));
        return all.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(";"));
    }

    static Snapshot parse(String encoded) {
        Map<String, Long> rows = new TreeMap<>();
        Map<String, Long> sequences = new TreeMap<>();
        Map<String, String> checksums = new TreeMap<>();
        for (String entry : encoded.isEmpty() ? new String[0] : encoded.split(";")) {
            int eq = entry.lastIndexOf('=');
            String key = entry.substring(0, eq);
            String value = entry.substring(eq + 1);
            String name = key.substring(key.indexOf(':') + 1);
            if (key.startsWith("rows:")) {
                rows.put(name, Long.parseLong(value));
            } else if (key.startsWith("sequence:")) {
                sequences.put(name, Long.parseLong(value));
            } else {
                checksums.put(name, value);
            }
        }
        return new Snapshot("", rows, sequences, checksums);
    }
}
