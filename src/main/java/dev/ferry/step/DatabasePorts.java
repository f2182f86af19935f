package dev.ferry.step;

import dev.ferry.database.SourceInventory;
import dev.ferry.database.PostgresSnapshots;
import dev.ferry.database.ReverseCopy;
import dev.ferry.database.TunneledDatabase;
import java.util.Map;

/**
 * Database operations run from the operator's machine. Hosts and ports in a {@link ConnectionSpec} are as seen from the
 * source host; {@link TunneledDatabase} reaches them through SSH, {@link PostgresSnapshots} connects directly.
 */
public interface DatabasePorts {

    /** Exact row count per table ({@code schema.table}), every sequence's state and a checksum per table, for verification. */
    Snapshot snapshot(ConnectionSpec connection);

    /** The tables (largest first, with sizes) and sequences a move of this database carries. */
    SourceInventory inventory(ConnectionSpec connection);

    /** What changed on {@code target} since {@code afterMove} (a full snapshot) and whether it can go back to {@code source}. */
    ReverseCopy.Plan detectWrites(Snapshot afterMove, ConnectionSpec target, ConnectionSpec source);

    /** Copies {@code plan}'s tables and sequences from {@code target} back to {@code source}, verified, in one transaction. */
    ReverseCopy.Result copyBack(ReverseCopy.Plan plan, ConnectionSpec target, ConnectionSpec source);

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
