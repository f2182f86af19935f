package dev.ferry.database;

import dev.ferry.step.ReplicationPorts.Readiness;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** What a source database lacks for logical replication: server settings, the role's right, a key on every table. */
final class ReplicationReadiness {
    /** One slot for the subscription and one per initial-copy worker (max_sync_workers_per_subscription, 2 by default). */
    static final int SLOTS_NEEDED = 3;

    private static final String KEYLESS = Catalog.USER_RELATIONS
            + " and c.relkind = 'r' and (c.relreplident = 'n' or (c.relreplident = 'd' and not exists"
            + " (select 1 from pg_index i where i.indrelid = c.oid and i.indisprimary)))";
    private static final String WITHOUT_KEY = "select n.nspname || '.' || c.relname" + KEYLESS + " order by 1";

    private ReplicationReadiness() {
    }

    /**
     * The same checks as one query for psql in the database's container (doctor): one row per problem, none when ready.
     * The settings need a server restart; the tables need a primary key or a replica identity.
     */
    static final String PROBLEMS_QUERY = "select 'wal_level is ' || current_setting('wal_level') || ', needs logical'"
            + " where current_setting('wal_level') <> 'logical'"
            + " union all select 'max_replication_slots is ' || current_setting('max_replication_slots') || ' with '"
            + " || (select count(*) from pg_replication_slots) || ' in use, needs " + SLOTS_NEEDED + " free'"
            + " where current_setting('max_replication_slots')::int - (select count(*) from pg_replication_slots) < "
            + SLOTS_NEEDED
            + " union all select 'max_wal_senders is ' || current_setting('max_wal_senders') || ' with '"
            + " || (select count(*) from pg_stat_replication) || ' in use, needs " + SLOTS_NEEDED + " free'"
            + " where current_setting('max_wal_senders')::int - (select count(*) from pg_stat_replication) < "
            + SLOTS_NEEDED
            + " union all select 'table ' || n.nspname || '.' || c.relname || ' has neither a primary key nor a"
            + " replica identity'" + KEYLESS;

    static Readiness check(Connection c) throws SQLException {
        List<String> problems = new ArrayList<>();
        String wal = setting(c, "wal_level");
        if (!"logical".equals(wal)) {
            problems.add("wal_level is " + wal + ", needs logical (a server restart)");
        }
        long usedSlots = number(c, "select count(*) from pg_replication_slots");
        long slots = Long.parseLong(setting(c, "max_replication_slots"));
        if (slots - usedSlots < SLOTS_NEEDED) {
            problems.add("max_replication_slots is " + slots + " with " + usedSlots + " in use, needs at least "
                    + (usedSlots + SLOTS_NEEDED) + " (a server restart)");
        }
        long senders = Long.parseLong(setting(c, "max_wal_senders"));
        long usedSenders = number(c, "select count(*) from pg_stat_replication");
        if (senders - usedSenders < SLOTS_NEEDED) {
            problems.add("max_wal_senders is " + senders + " with " + usedSenders + " in use, needs at least "
                    + (usedSenders + SLOTS_NEEDED) + " (a server restart)");
        }
        if (number(c, "select count(*) from pg_roles where rolname = current_user and (rolsuper or rolreplication)") == 0) {
            problems.add("the database user may not replicate: ALTER ROLE ... REPLICATION (and a superuser to create"
                    + " a publication for all tables)");
        }
        List<String> withoutKey = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(WITHOUT_KEY)) {
            while (rs.next()) {
                withoutKey.add(rs.getString(1));
            }
        }
        if (!withoutKey.isEmpty()) {
            problems.add(withoutKey.size() + " table(s) have neither a primary key nor a replica identity, so their"
                    + " updates and deletes cannot replicate: " + String.join(", ", withoutKey));
        }
        return new Readiness(problems, withoutKey);
    }

    private static String setting(Connection c, String name) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("show " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static long number(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
