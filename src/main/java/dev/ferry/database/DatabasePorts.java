package dev.ferry.database;

import java.util.Map;

/** Database operations run from the operator's machine (through an SSH tunnel when the database is private). */
public interface DatabasePorts {

    /** Exact row count per table ({@code schema.table}), every sequence's state and a checksum per table, for verification. */
    Snapshot snapshot(ConnectionSpec connection);

    /** Where to connect. The password is never logged; {@link #toString()} masks it. */
    record ConnectionSpec(String host, int port, String database, String user, String password) {
        @Override
        public String toString() {
            return "postgresql://" + user + ":****@" + host + ":" + port + "/" + database;
        }

        public ConnectionSpec withDatabase(String other) {
            return new ConnectionSpec(host, port, other, user, password);
        }
    }

    /**
     * What a database holds, for comparison: {@code sequences} is each sequence's last_value and {@code sequencesCalled}
     * its is_called flag (a sequence at 1 that was never called hands out 1 next, one that was hands out 2).
     */
    record Snapshot(String serverVersion, Map<String, Long> rowCounts, Map<String, Long> sequences,
                    Map<String, String> checksums, Map<String, Boolean> sequencesCalled) {
        public Snapshot {
            rowCounts = Map.copyOf(rowCounts);
            sequences = Map.copyOf(sequences);
            checksums = Map.copyOf(checksums);
            sequencesCalled = Map.copyOf(sequencesCalled);
        }

        public Snapshot(String serverVersion, Map<String, Long> rowCounts, Map<String, Long> sequences, Map<String, String> checksums) {
            this(serverVersion, rowCounts, sequences, checksums, Map.of());
        }
    }
}
