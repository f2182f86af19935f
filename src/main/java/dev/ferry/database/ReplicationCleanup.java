package dev.ferry.database;

import dev.ferry.step.ReplicationPorts.Names;
import dev.ferry.step.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Removes one plan's replication objects. The subscription is dropped without touching the source (slot_name = NONE),
 * so a source the target cannot reach is no obstacle; the source's slots are then dropped over ferry's own connection.
 * A slot left behind keeps WAL on the source's disk until it fills.
 */
final class ReplicationCleanup {
    private static final int ATTEMPTS = 50;

    private ReplicationCleanup() {
    }

    /** Drops the subscription if it exists; returns its oid (its initial-copy slots are named after it). */
    static Optional<Long> dropSubscription(Connection t, Names names) throws SQLException {
        Optional<Long> oid = oid(t, names.subscription());
        if (oid.isPresent()) {
            String sub = TableName.quote(names.subscription());
            LogicalReplication.execute(t, "ALTER SUBSCRIPTION " + sub + " DISABLE");
            LogicalReplication.execute(t, "ALTER SUBSCRIPTION " + sub + " SET (slot_name = NONE)");
            LogicalReplication.execute(t, "DROP SUBSCRIPTION " + sub);
        }
        return oid;
    }

    /**
     * Drops the plan's slot on the source, or with {@code subscriptionOid} the initial-copy slots of that subscription
     * ({@code pg_<oid>_sync_<relid>_<system id>}), ending the walsender that still holds one.
     */
    static List<String> dropSlots(Connection s, Names names, Long subscriptionOid) throws SQLException {
        String sql = subscriptionOid == null ? "select slot_name from pg_replication_slots where slot_name = ?"
                : "select slot_name from pg_replication_slots where slot_name like ?";
        String pattern = subscriptionOid == null ? names.slot() : "pg\\_" + subscriptionOid + "\\_sync\\_%";
        List<String> dropped = new ArrayList<>();
        for (String slot : slots(s, sql, pattern)) {
            dropSlot(s, slot);
            dropped.add("slot " + slot);
        }
        return dropped;
    }

    static void dropSlot(Connection s, String slot) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try (PreparedStatement st = s.prepareStatement("select pg_terminate_backend(active_pid) from"
                    + " pg_replication_slots where slot_name = ? and active_pid is not null")) {
                st.setString(1, slot);
                st.execute();
            }
            try (PreparedStatement st = s.prepareStatement("select pg_drop_replication_slot(slot_name) from"
                    + " pg_replication_slots where slot_name = ?")) {
                st.setString(1, slot);
                st.execute();
                return;
            } catch (SQLException activeStill) {
                if (attempt >= ATTEMPTS) {
                    throw activeStill;
                }
                sleep();
            }
        }
    }

    private static List<String> slots(Connection s, String sql, String pattern) throws SQLException {
        List<String> slots = new ArrayList<>();
        try (PreparedStatement st = s.prepareStatement(sql)) {
            st.setString(1, pattern);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    slots.add(rs.getString(1));
                }
            }
        }
        return slots;
    }

    private static Optional<Long> oid(Connection t, String subscription) throws SQLException {
        try (PreparedStatement st = t.prepareStatement("select oid from pg_subscription where subname = ?")) {
            st.setString(1, subscription);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
