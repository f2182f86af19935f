package dev.ferry.database;

import java.util.Map;

/** Database operations run from the operator's machine (through an SSH tunnel when the database is private). */
public interface DatabasePorts {

    /** Exact row count per table ({@code schema.table}) and the value of every sequence, for verification. */
    Snapshot snapshot(ConnectionSpec connection);

    /** Where to connect. The password is never logged; {@link #toString()} masks it. */
    record ConnectionSpec(String host, int port, String database, String user, String password) {
        @Override
        public String toString() {
            return "postgresql://" + user + ":****@" + host + ":" + port + "/" + database;
        }
    }

    record Snapshot(String serverVersion, Map<String, Long> rowCounts, Map<String, Long> sequences, Map<String, String> checksums) {
    }
}
