package dev.ferry.step;

import java.util.List;
import java.util.Map;

/**
 * Database operations run from the operator's machine. Hosts and ports in a {@link ConnectionSpec} are as seen from the
 * source host; the tunneled adapter reaches them through SSH, the direct one connects directly.
 */
public interface DatabasePorts {

    /** Exact row count per table ({@code schema.table}), every sequence's state and a checksum per table, for verification. */
    Snapshot snapshot(ConnectionSpec connection);

    /** The tables (largest first, with sizes) and sequences a move of this database carries. */
    SourceInventory inventory(ConnectionSpec connection);

    /** What changed on {@code target} since {@code afterMove} (a full snapshot) and whether it can go back to {@code source}. */
    CopyBackPlan detectWrites(Snapshot afterMove, ConnectionSpec target, ConnectionSpec source);

    /** Copies {@code plan}'s tables and sequences from {@code target} back to {@code source}, verified, in one transaction. */
    CopyBackResult copyBack(CopyBackPlan plan, ConnectionSpec target, ConnectionSpec source);

    /**
     * Watches the COPY and index builds running on {@code target} (a data move's restore) over a connection of its own,
     * kept open until the watch is closed. A server that cannot show COPY progress (before PostgreSQL 14) shows none.
     */
    default CopyActivity.Watch watchCopies(ConnectionSpec target) {
        return CopyActivity.Watch.NONE;
    }

    /** Logical replication between two databases, reached the same way as the other calls. */
    ReplicationPorts replication();

    /**
     * Where to connect. The password is never logged; {@link #toString()} masks it. {@code tls} null: no TLS
     * requirement (the compose postgres on the host's own network); otherwise the server must present a certificate
     * chaining to the CA bundle and naming {@link Tls#serverName()} ({@code sslmode=verify-full}).
     */
    record ConnectionSpec(String host, int port, String database, String user, String password, Tls tls) {
        public ConnectionSpec(String host, int port, String database, String user, String password) {
            this(host, port, database, user, password, null);
        }

        @Override
        public String toString() {
            return "postgresql://" + user + ":****@" + host + ":" + port + "/" + database;
        }

        public ConnectionSpec withDatabase(String other) {
            return new ConnectionSpec(host, port, other, user, password, tls);
        }

        public ConnectionSpec withTls(Tls other) {
            return new ConnectionSpec(host, port, database, user, password, other);
        }

        /** This connection verified against the CA bundle at {@code caBundle}, for the name it has now. */
        public ConnectionSpec verifiedBy(String caBundle) {
            return new ConnectionSpec(host, port, database, user, password, new Tls(caBundle, host));
        }

        /** The same database reached at another address (a tunnel's end); TLS still verifies the original name. */
        public ConnectionSpec reachedAt(String otherHost, int otherPort) {
            return new ConnectionSpec(otherHost, otherPort, database, user, password, tls);
        }

        /** The name clients give and TLS checks: the endpoint when reached through a tunnel, else the host. */
        public String checkedName() {
            return verifiesAnotherName() ? tls.serverName() : host;
        }

        /** Whether TLS verifies a name other than the address connected to (through a tunnel). */
        public boolean verifiesAnotherName() {
            return tls != null && !tls.serverName().equals(host);
        }
    }

    /** TLS with certificate and host name verification: {@code caBundle} is a PEM file of trusted authorities. */
    record Tls(String caBundle, String serverName) {
        public Tls withCaBundle(String other) {
            return new Tls(other, serverName);
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

    /** What a copy back would carry; {@code blockers} are the reasons it cannot, one sentence per table. */
    record CopyBackPlan(List<String> tables, List<String> sequences, List<String> blockers, Snapshot targetNow) {
        public boolean nothingToCopy() {
            return tables.isEmpty() && sequences.isEmpty();
        }

        public String describe() {
            if (nothingToCopy()) {
                return "no writes on the target since the move";
            }
            return "copy back from the target: tables " + String.join(", ", tables) + (sequences.isEmpty() ? ""
                    : "; sequences " + String.join(", ", sequences)) + (blockers.isEmpty() ? "" : "; blocked: " + String.join("; ", blockers));
        }
    }

    record CopyBackResult(List<String> tables, long rows, List<String> sequences) {
    }
}
