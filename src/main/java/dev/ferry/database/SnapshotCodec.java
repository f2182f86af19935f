package dev.ferry.database;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.step.DatabasePorts.Snapshot;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link Snapshot} as JSON, for keeping the state of RDS right after a move as the baseline a rollback compares with.
 * It holds names, counts, sequence values and row digests: no row data and no connection details.
 */
public final class SnapshotCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SnapshotCodec() {
    }

    private record Stored(String serverVersion, Map<String, Long> rows, Map<String, Long> sequences,
                          Map<String, Boolean> sequencesCalled, Map<String, String> checksums) {
    }

    public static String encode(Snapshot s) {
        try {
            return JSON.writeValueAsString(new Stored(s.serverVersion(), new TreeMap<>(s.rowCounts()),
                    new TreeMap<>(s.sequences()), new TreeMap<>(s.sequencesCalled()), new TreeMap<>(s.checksums())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a snapshot", e);
        }
    }

    public static Snapshot decode(String json) {
        try {
            Stored s = JSON.readValue(json, new TypeReference<Stored>() { });
            return new Snapshot(s.serverVersion() == null ? "" : s.serverVersion(), orEmpty(s.rows()),
                    orEmpty(s.sequences()), orEmpty(s.checksums()), orEmpty(s.sequencesCalled()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a stored snapshot: " + e.getOriginalMessage(), e);
        }
    }

    private static <V> Map<String, V> orEmpty(Map<String, V> map) {
        return map == null ? Map.of() : map;
    }
}
