package dev.ferry.database;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.step.DatabasePorts.ConnectionSpec;
import dev.ferry.step.LiveDigests;
import dev.ferry.step.ReplicationPorts;
import dev.ferry.step.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link ReplicationPorts} over direct JDBC connections: a publication on the source, a subscription on the target. */
public final class LogicalReplication implements ReplicationPorts {
    private static final Logger LOG = LoggerFactory.getLogger(LogicalReplication.class);
    private static final long POLL_MILLIS = 200;
    /**
     * A live pass that took this long let the app change enough buckets meanwhile that another, shorter pass over just
     * those pays off: each pass reads what the one before let change, so the writers-stopped half reads only what
     * the last short pass let change, however large the database (at 3 GB the one pass left 2,933 buckets).
     */
    static final Duration REFRESH_AFTER = Duration.ofSeconds(1);
    static final int REFRESHES = 3;

    /** {@link #readiness}'s checks as one SQL query for psql (doctor): one row per problem, none when ready. */
    public static String problemsQuery() {
        return ReplicationReadiness.PROBLEMS_QUERY;
    }

    /** Free replication slots and WAL senders the move needs on the source: its slot and the initial-copy workers'. */
    public static int slotsNeeded() {
        return ReplicationReadiness.SLOTS_NEEDED;
    }

    @Override
    public Readiness readiness(ConnectionSpec source) {
        try (Connection c = Jdbc.open(source)) {
            return ReplicationReadiness.check(c);
        } catch (SQLException e) {
            throw Jdbc.failure("cannot check " + source + " for logical replication", e);
        }
    }

    @Override
    public void start(ConnectionSpec source, ConnectionSpec target, ConnectionSpec publisher, Names names) {
        try (Connection s = Jdbc.open(source); Connection t = Jdbc.open(target)) {
            if (!exists(s, "select 1 from pg_publication where pubname = ?", names.publication())) {
                execute(s, "CREATE PUBLICATION " + TableName.quote(names.publication()) + " FOR ALL TABLES");
                LOG.info("created publication {} on {}", names.publication(), source);
            }
            if (!exists(t, "select 1 from pg_subscription where subname = ?", names.subscription())) {
                createSubscription(t, publisher, names);
                LOG.info("created subscription {} on {} from {}", names.subscription(), target, publisher);
            }
        } catch (SQLException e) {
            throw new FerryException(ErrorCode.STEP_FAILED, "cannot start replicating " + source + " to " + target
                    + ": " + DataMove.mask(e.getMessage(), publisher, source, target));
        }
    }

    private static void createSubscription(Connection t, ConnectionSpec publisher, Names names) throws SQLException {
        String sql = "CREATE SUBSCRIPTION " + TableName.quote(names.subscription()) + " CONNECTION "
                + literal(Libpq.conninfoWithPassword(publisher)) + " PUBLICATION " + TableName.quote(names.publication())
                + " WITH (slot_name = " + literal(names.slot()) + ", copy_data = true)";
        execute(t, sql);
    }

    @Override
    public Status status(ConnectionSpec source, ConnectionSpec target, Names names) {
        try (Connection s = Jdbc.open(source); Connection t = Jdbc.open(target)) {
            return status(s, t, names);
        } catch (SQLException e) {
            throw Jdbc.failure("cannot read the replication from " + source + " to " + target, e);
        }
    }

    private static Status status(Connection s, Connection t, Names names) throws SQLException {
        boolean publication = exists(s, "select 1 from pg_publication where pubname = ?", names.publication());
        boolean slot = exists(s, "select 1 from pg_replication_slots where slot_name = ?", names.slot());
        long lag = slot ? lagBytes(s, names, null) : -1;
        int[] tables = tables(t, names);
        return new Status(publication, tables[0] >= 0, slot, Math.max(0, tables[0]), tables[1], lag);
    }

    @Override
    public Status awaitInitialCopy(ConnectionSpec target, Names names, Duration timeout, Consumer<String> progress) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int reported = -1;
        try (Connection t = Jdbc.open(target)) {
            while (true) {
                int[] tables = tables(t, names);
                if (tables[0] < 0) {
                    throw new FerryException(ErrorCode.STEP_FAILED, "subscription " + names.subscription()
                            + " is missing on " + target);
                }
                if (tables[1] != reported) {
                    progress.accept("initial copy: " + tables[1] + "/" + tables[0] + " tables ready");
                    reported = tables[1];
                }
                if (tables[0] > 0 && tables[1] == tables[0]) {
                    return new Status(true, true, true, tables[0], tables[1], -1);
                }
                pause(deadline, "the initial copy of " + names.subscription() + " (" + tables[1] + "/" + tables[0]
                        + " tables ready)", timeout);
            }
        } catch (SQLException e) {
            throw Jdbc.failure("cannot follow the initial copy on " + target, e);
        }
    }

    @Override
    public String awaitCaughtUp(ConnectionSpec source, Names names, Duration timeout, Consumer<String> progress) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection s = Jdbc.open(source)) {
            String goal = text(s, "select pg_current_wal_lsn()::text");
            progress.accept("catching up to the source's WAL position " + goal);
            long lag;
            while ((lag = lagBytes(s, names, goal)) > 0) {
                pause(deadline, "the subscription to confirm " + goal + " (" + lag + " bytes behind)", timeout);
            }
            return goal;
        } catch (SQLException e) {
            throw Jdbc.failure("cannot measure the replication lag on " + source, e);
        }
    }

    /**
     * Bytes between {@code goal} (the current WAL position when null) and what the subscriber confirmed: the slot's
     * confirmed_flush_lsn or its walsender's replay_lsn, whichever is further.
     */
    private static long lagBytes(Connection s, Names names, String goal) throws SQLException {
        String sql = "select pg_wal_lsn_diff(coalesce(?::pg_lsn, pg_current_wal_lsn()),"
                + " greatest(sl.confirmed_flush_lsn, r.replay_lsn))::bigint from pg_replication_slots sl"
                + " left join pg_stat_replication r on r.pid = sl.active_pid where sl.slot_name = ?";
        try (PreparedStatement st = s.prepareStatement(sql)) {
            st.setString(1, goal);
            st.setString(2, names.slot());
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw new FerryException(ErrorCode.STEP_FAILED, "replication slot " + names.slot()
                            + " is missing on the source");
                }
                long lag = rs.getLong(1);
                return rs.wasNull() ? Long.MAX_VALUE : Math.max(0, lag);
            }
        }
    }

    /** {total, ready} tables of the subscription; total -1 when it does not exist. */
    private static int[] tables(Connection t, Names names) throws SQLException {
        String sql = "select count(r.srrelid), count(r.srrelid) filter (where r.srsubstate = 'r') from pg_subscription s"
                + " left join pg_subscription_rel r on r.srsubid = s.oid where s.subname = ? group by s.oid";
        try (PreparedStatement st = t.prepareStatement(sql)) {
            st.setString(1, names.subscription());
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? new int[] {rs.getInt(1), rs.getInt(2)} : new int[] {-1, 0};
            }
        }
    }

    @Override
    public Optional<LiveDigests> verifyLive(ConnectionSpec source, ConnectionSpec target, Names names,
                                            Duration timeout, Consumer<String> progress) {
        Optional<String> from;
        try (Connection s = Jdbc.open(source)) {
            from = CutoverVerification.track(s, names, progress);
        } catch (SQLException e) {
            throw Jdbc.failure("cannot start tracking the changes of " + source, e);
        }
        if (from.isEmpty()) {
            return Optional.empty();
        }
        awaitCaughtUp(source, names, timeout, progress);
        try (Connection s = Jdbc.open(source); Connection t = Jdbc.open(target)) {
            long started = System.nanoTime();
            LiveDigests live = CutoverVerification.live(s, t, from.get(), progress);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            for (int pass = 1; live != null && pass <= REFRESHES && took.compareTo(REFRESH_AFTER) >= 0; pass++) {
                started = System.nanoTime();
                live = refresh(s, t, names, live, took, () -> awaitCaughtUp(source, names, timeout, progress), progress);
                took = Duration.ofNanos(System.nanoTime() - started);
            }
            return Optional.ofNullable(live);
        } catch (SQLException e) {
            throw Jdbc.failure("cannot digest " + source + " and " + target, e);
        }
    }

    /** One more live pass over what changed during the last one; null when the cutover must verify everything. */
    private static LiveDigests refresh(Connection s, Connection t, Names names, LiveDigests live, Duration lastPass,
                                       Runnable awaitApplied, Consumer<String> progress) throws SQLException {
        progress.accept("the last pass took " + lastPass.toMillis() + " ms while the app wrote: digesting again what"
                + " changed meanwhile, so that the writers-stopped half has less to read");
        var refreshed = CutoverVerification.refresh(s, t, names, live, awaitApplied, progress);
        if (refreshed.isEmpty()) {
            return null;
        }
        progress.accept(refreshed.get().changes() + " changes; " + refreshed.get().bucketsRead() + " buckets read again, "
                + refreshed.get().tablesReadWhole() + " tables whole");
        return refreshed.get().digests();
    }

    @Override
    public Optional<LiveDigests.Cutover> verifyAtCutover(ConnectionSpec source, ConnectionSpec target, Names names,
                                                         LiveDigests live, Consumer<String> progress) {
        try (Connection s = Jdbc.open(source); Connection t = Jdbc.open(target)) {
            return CutoverVerification.cutover(s, t, names, live, progress);
        } catch (SQLException e) {
            throw Jdbc.failure("cannot verify " + target + " against " + source, e);
        }
    }

    @Override
    public int copySequences(ConnectionSpec source, ConnectionSpec target) {
        try (Connection s = Jdbc.open(source); Connection t = Jdbc.open(target)) {
            return SequenceCopy.copy(s, t);
        } catch (SQLException e) {
            throw Jdbc.failure("cannot copy the sequences from " + source + " to " + target, e);
        }
    }

    @Override
    public List<String> drop(ConnectionSpec source, ConnectionSpec target, Names names) {
        List<String> dropped = new ArrayList<>();
        try (Connection s = Jdbc.open(source); Connection t = Jdbc.open(target)) {
            java.util.Optional<Long> oid = ReplicationCleanup.dropSubscription(t, names);
            if (oid.isPresent()) {
                dropped.add("subscription " + names.subscription());
                dropped.addAll(ReplicationCleanup.dropSlots(s, names, oid.get()));
            }
            dropped.addAll(ReplicationCleanup.dropSlots(s, names, null));
            if (exists(s, "select 1 from pg_replication_slots where slot_name = ?", names.verifySlot())) {
                ReplicationCleanup.dropSlot(s, names.verifySlot());
                dropped.add("slot " + names.verifySlot());
            }
            if (exists(s, "select 1 from pg_publication where pubname = ?", names.publication())) {
                execute(s, "DROP PUBLICATION IF EXISTS " + TableName.quote(names.publication()));
                dropped.add("publication " + names.publication());
            }
            return dropped;
        } catch (SQLException e) {
            throw Jdbc.failure("cannot drop the replication from " + source + " to " + target, e);
        }
    }

    static boolean exists(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static String text(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static void pause(long deadline, String what, Duration timeout) {
        if (System.nanoTime() > deadline) {
            throw new FerryException(ErrorCode.STEP_FAILED, "waited " + timeout.toSeconds() + " s for " + what);
        }
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FerryException(ErrorCode.STEP_FAILED, "interrupted while waiting for " + what);
        }
    }
}
