package dev.ferry.database;

import dev.ferry.step.TableName;
import dev.ferry.step.SourceInventory;
import dev.ferry.step.DatabasePorts;
import dev.ferry.step.DatabasePorts.CopyBackResult;
import dev.ferry.step.DatabasePorts.CopyBackPlan;
import dev.ferry.step.SourceInventory.TableSize;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Snapshots, inventories and reverse copies of live databases over direct JDBC connections. */
public final class PostgresSnapshots implements DatabasePorts {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresSnapshots.class);

    private final SnapshotOptions options;

    public PostgresSnapshots() {
        this(SnapshotOptions.full());
    }

    public PostgresSnapshots(SnapshotOptions options) {
        this.options = options;
    }

    @Override
    public Snapshot snapshot(ConnectionSpec connection) {
        long started = System.nanoTime();
        try (Connection c = Jdbc.open(connection)) {
            c.setAutoCommit(false);
            // One repeatable-read transaction: counts, sequences and checksums describe the same moment.
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            Snapshot snapshot = take(c);
            c.commit();
            LOG.info("snapshot of {}: {} tables, {} sequences in {} ms", connection, snapshot.rowCounts().size(),
                    snapshot.sequences().size(), (System.nanoTime() - started) / 1_000_000);
            return snapshot;
        } catch (SQLException e) {
            throw Jdbc.failure("cannot take a snapshot of " + connection, e);
        }
    }

    @Override
    public CopyBackPlan detectWrites(Snapshot afterMove, ConnectionSpec target, ConnectionSpec source) {
        return new ReverseCopy().detect(afterMove, target, source);
    }

    @Override
    public CopyBackResult copyBack(CopyBackPlan plan, ConnectionSpec target, ConnectionSpec source) {
        return new ReverseCopy().copyBack(plan, target, source);
    }

    @Override
    public dev.ferry.step.ReplicationPorts replication() {
        return new LogicalReplication();
    }

    @Override
    public SourceInventory inventory(ConnectionSpec connection) {
        try (Connection c = Jdbc.open(connection)) {
            return new SourceInventory(Catalog.tables(c), Catalog.sequences(c));
        } catch (SQLException e) {
            throw Jdbc.failure("cannot list the tables of " + connection, e);
        }
    }

    /** Whether the database holds no user table and no sequence (a move's target must, unless it is resuming). */
    public boolean isEmpty(ConnectionSpec connection) {
        SourceInventory inventory = inventory(connection);
        return inventory.tables().isEmpty() && inventory.sequences().isEmpty();
    }

    private Snapshot take(Connection c) throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        Map<String, String> checksums = new HashMap<>();
        for (TableSize size : Catalog.tables(c)) {
            TableName table = size.table();
            long rows = TableChecksum.count(c, table);
            counts.put(table.toString(), rows);
            checksums.put(table.toString(), TableChecksum.checksum(c, table, rows, options));
        }
        Map<String, Long> values = new HashMap<>();
        Map<String, Boolean> called = new HashMap<>();
        readSequences(c, Catalog.sequences(c), values, called);
        return new Snapshot(Catalog.serverVersion(c), counts, values, checksums, called);
    }

    static void readSequences(Connection c, List<TableName> sequences, Map<String, Long> values,
                                      Map<String, Boolean> called) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (TableName sequence : sequences) {
                try (ResultSet rs = st.executeQuery("select last_value, is_called from " + sequence.sql())) {
                    rs.next();
                    values.put(sequence.toString(), rs.getLong(1));
                    called.put(sequence.toString(), rs.getBoolean(2));
                }
            }
        }
    }

    @Override
    public dev.ferry.step.CopyActivity.Watch watchCopies(ConnectionSpec target) {
        return CopyWatch.open(target);
    }
}
