package dev.ferry.database;

import dev.ferry.step.TableName;
import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.database.Catalog.Column;
import dev.ferry.step.DatabasePorts.ConnectionSpec;
import dev.ferry.step.DatabasePorts.CopyBackPlan;
import dev.ferry.step.DatabasePorts.CopyBackResult;
import dev.ferry.step.DatabasePorts.Snapshot;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings writes made on the target (RDS) since the move back to the source, for a rollback. {@link #detect} compares
 * the target with the full snapshot taken right after the move; {@link #copyBack} copies each changed table back whole
 * in one source transaction, sets the changed sequences, verifies and commits — or refuses, naming the tables, when a
 * table cannot be copied (created or reshaped on the target, or also written on the source since the move).
 */
public final class ReverseCopy {
    private static final Logger LOG = LoggerFactory.getLogger(ReverseCopy.class);

    private final PostgresSnapshots snapshots = new PostgresSnapshots(SnapshotOptions.full());

    /** {@code afterMove} must be a full (not sampled) snapshot of the target taken right after the move was verified. */
    public CopyBackPlan detect(Snapshot afterMove, ConnectionSpec target, ConnectionSpec source) {
        afterMove.checksums().forEach((table, sum) -> {
            if (!sum.startsWith("full:")) {
                throw new FerryException(ErrorCode.PREFLIGHT_FAILED, "the snapshot taken after the move hashed table " + table
                        + " by sample (" + sum.substring(0, sum.lastIndexOf(':')) + "), so writes outside the sample would be "
                        + "missed; a reverse copy needs a full snapshot");
            }
        });
        Snapshot targetNow = snapshots.snapshot(target);
        Snapshot sourceNow = snapshots.snapshot(source);
        List<String> tables = new ArrayList<>(SnapshotComparison.changedTables(afterMove, targetNow));
        List<String> sequences = SnapshotComparison.changedSequences(afterMove, targetNow);
        List<String> blockers = new ArrayList<>();
        List<String> sourceChanged = SnapshotComparison.changedTables(afterMove, sourceNow);
        // A copy-back that committed but was not recorded (ferry killed right after it) left the source equal to the
        // target: nothing to copy again, and its own writes are not "written on the source too".
        List<String> alreadyBack = tables.stream().filter(t -> sameRows(t, sourceNow, targetNow)).toList();
        tables.removeAll(alreadyBack);
        for (String table : tables) {
            if (!targetNow.rowCounts().containsKey(table)) {
                blockers.add("table " + table + " was dropped on the target");
            } else if (!sourceNow.rowCounts().containsKey(table)) {
                blockers.add("table " + table + " exists on the target only");
            } else if (sourceChanged.contains(table)) {
                blockers.add("table " + table + " was written on the source too since the move");
            }
        }
        if (blockers.isEmpty() && !tables.isEmpty()) {
            blockers.addAll(shapeDifferences(tables, target, source));
        }
        CopyBackPlan plan = new CopyBackPlan(tables, sequences, blockers, targetNow);
        LOG.info("reverse copy check: {}", plan.describe());
        return plan;
    }

    private static boolean sameRows(String table, Snapshot source, Snapshot target) {
        return source.rowCounts().containsKey(table)
                && source.rowCounts().get(table).equals(target.rowCounts().get(table))
                && source.checksums().containsKey(table)
                && source.checksums().get(table).equals(target.checksums().get(table));
    }

    /** Copies the plan's tables and sequences back to the source, or throws naming the tables; the source is unchanged on failure. */
    public CopyBackResult copyBack(CopyBackPlan plan, ConnectionSpec target, ConnectionSpec source) {
        if (!plan.blockers().isEmpty()) {
            throw FerryException.advised(ErrorCode.STEP_FAILED, "cannot copy back the writes made on the target since the move ("
                    + String.join(", ", plan.tables()) + "): " + String.join("; ", plan.blockers())
                    + ". Nothing was changed on the source; keep the target, or copy these tables by hand before rolling back");
        }
        if (plan.nothingToCopy()) {
            return new CopyBackResult(List.of(), 0, List.of());
        }
        try (Connection from = Jdbc.open(target); Connection to = Jdbc.open(source)) {
            from.setAutoCommit(false);
            from.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            to.setAutoCommit(false);
            CopyBackResult result = copyInTransaction(plan, from, to, source);
            to.commit();
            from.commit();
            LOG.info("copied back {} rows in tables {} and sequences {}", result.rows(), result.tables(), result.sequences());
            return result;
        } catch (SQLException e) {
            throw Jdbc.failure("copy back of " + String.join(", ", plan.tables()) + " from the target failed; the source "
                    + "is unchanged", e);
        }
    }

    private CopyBackResult copyInTransaction(CopyBackPlan plan, Connection from, Connection to, ConnectionSpec source) throws SQLException {
        Map<String, TableName> names = Catalog.tables(to).stream().map(t -> t.table())
                .collect(Collectors.toMap(TableName::toString, Function.identity()));
        bypassForeignKeys(to, plan.tables());
        int major = Catalog.serverMajor(to);
        long rows = 0;
        for (String table : plan.tables()) {
            TableName name = names.get(table);
            rows += TableCopy.replace(from, to, name, Catalog.writableColumns(to, name, major));
        }
        verify(plan, to, names);
        setSequences(plan, to);
        return new CopyBackResult(plan.tables(), rows, plan.sequences());
    }

    // Tables are replaced one at a time, so foreign keys between them only hold again at the end.
    private static void bypassForeignKeys(Connection to, List<String> tables) {
        try (Statement st = to.createStatement()) {
            st.execute("SET LOCAL session_replication_role = replica");
        } catch (SQLException e) {
            throw new FerryException(ErrorCode.STEP_FAILED, "cannot copy back tables " + String.join(", ", tables)
                    + ": the source user may not set session_replication_role (needs a superuser, as the compose "
                    + "postgres user is): " + e.getMessage(), e);
        }
    }

    private static void verify(CopyBackPlan plan, Connection to, Map<String, TableName> names) throws SQLException {
        List<String> wrong = new ArrayList<>();
        for (String table : plan.tables()) {
            long rows = TableChecksum.count(to, names.get(table));
            String sum = TableChecksum.checksum(to, names.get(table), rows, SnapshotOptions.full());
            if (rows != plan.targetNow().rowCounts().get(table) || !sum.equals(plan.targetNow().checksums().get(table))) {
                wrong.add(table + " (" + rows + " rows copied, " + plan.targetNow().rowCounts().get(table) + " on the target)");
            }
        }
        if (!wrong.isEmpty()) {
            to.rollback();
            throw new FerryException(ErrorCode.STEP_FAILED, "copy back did not reproduce the target's rows in " + String.join(", ", wrong)
                    + "; was the application still writing to the target? The source is unchanged");
        }
    }

    private static void setSequences(CopyBackPlan plan, Connection to) throws SQLException {
        try (PreparedStatement st = to.prepareStatement("select setval(?::regclass, ?, ?)")) {
            for (String sequence : plan.sequences()) {
                Long value = plan.targetNow().sequences().get(sequence);
                if (value == null) {
                    continue;
                }
                st.setString(1, TableName.parse(sequence).sql());
                st.setLong(2, value);
                st.setBoolean(3, plan.targetNow().sequencesCalled().getOrDefault(sequence, true));
                st.execute();
            }
        }
    }

    private static List<String> shapeDifferences(List<String> tables, ConnectionSpec target, ConnectionSpec source) {
        List<String> differences = new ArrayList<>();
        try (Connection t = Jdbc.open(target); Connection s = Jdbc.open(source)) {
            int targetMajor = Catalog.serverMajor(t);
            int sourceMajor = Catalog.serverMajor(s);
            for (String table : tables) {
                TableName name = TableName.parse(table);
                List<Column> onTarget = Catalog.writableColumns(t, name, targetMajor);
                List<Column> onSource = Catalog.writableColumns(s, name, sourceMajor);
                if (!onTarget.equals(onSource)) {
                    differences.add("table " + table + " has other columns on the target (" + render(onTarget)
                            + ") than on the source (" + render(onSource) + ")");
                }
            }
        } catch (SQLException e) {
            throw Jdbc.failure("cannot compare the tables' columns", e);
        }
        return differences;
    }

    private static String render(List<Column> columns) {
        return columns.stream().map(c -> c.name() + " " + c.type()).collect(Collectors.joining(", "));
    }
}
