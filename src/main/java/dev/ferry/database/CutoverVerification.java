package dev.ferry.database;

import dev.ferry.step.DatabasePorts.Snapshot;
import dev.ferry.step.LiveDigests;
import dev.ferry.step.LiveDigests.Cutover;
import dev.ferry.step.LiveDigests.Digest;
import dev.ferry.step.LiveDigests.TableDigests;
import dev.ferry.step.ReplicationPorts.Names;
import dev.ferry.step.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replicate move's verification in two halves, so that the part paid with the writers stopped does not grow with
 * the database. Live: a tracking slot ({@code test_decoding}) starts recording the source's changes at P; once RDS has
 * applied everything up to P, both sides are digested by buckets of key values. With the writers stopped and RDS
 * caught up: the keys changed since P are read from the slot, and only the buckets they fall in, plus those that
 * differed live, are digested again on both sides. A bucket untouched since P held the same rows on the source when it
 * was digested and now, and RDS changes only by applying the source's changes, so its live digests stand. The result
 * is both sides as a full snapshot would show them (counts and checksums add up bucket by bucket).
 */
final class CutoverVerification {
    private static final Logger LOG = LoggerFactory.getLogger(CutoverVerification.class);
    private static final String READ = "select data from pg_logical_slot_%s_changes(?, %s, null, 'skip-empty-xacts',"
            + " '1', 'include-xids', '0')";
    /** Every change since the slot's position, which stays: the cutover may read them again if it fails. */
    private static final String PEEK = READ.formatted("peek", "null");
    /** The changes up to now, consumed: the slot then starts at the position a refresh's digests are taken from. */
    private static final String TAKE = READ.formatted("get", "pg_current_wal_lsn()");

    private CutoverVerification() {
    }

    /** Creates the tracking slot afresh (a leftover one's changes are not this run's); empty when the source cannot. */
    static Optional<String> track(Connection s, Names names, Consumer<String> progress) {
        try {
            ReplicationCleanup.dropSlot(s, names.verifySlot());
            try (PreparedStatement st = s.prepareStatement(
                    "select lsn::text from pg_create_logical_replication_slot(?, 'test_decoding')")) {
                st.setString(1, names.verifySlot());
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    return Optional.of(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            progress.accept("cannot track the source's changes (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
                    + "); the cutover will verify every table whole");
            return Optional.empty();
        }
    }

    static LiveDigests live(Connection s, Connection t, String fromLsn, Consumer<String> progress) throws SQLException {
        Map<String, TableDigests> source = new HashMap<>();
        Map<String, TableDigests> target = new HashMap<>();
        int buckets = 0;
        int differing = 0;
        Set<TableName> onTarget = tables(t);
        for (TableName table : tables(s)) {
            TableDigests layout = BucketDigests.layout(s, table);
            TableDigests here = with(layout, BucketDigests.all(s, table, layout));
            TableDigests there = with(layout, onTarget.contains(table) ? BucketDigests.all(t, table, layout) : Map.of());
            source.put(table.toString(), here);
            target.put(table.toString(), there);
            buckets += here.buckets().size();
            differing += differing(here, there).size();
        }
        progress.accept("digested " + source.size() + " tables in " + buckets + " buckets on both sides; " + differing
                + " differ now (being written) and are read again at the cutover");
        return new LiveDigests(fromLsn, source, target);
    }

    /** Empty when the tracking slot is gone or its output unreadable: the caller then verifies every table whole. */
    static Optional<Cutover> cutover(Connection s, Connection t, Names names, LiveDigests live,
                                     Consumer<String> progress) throws SQLException {
        long started = System.nanoTime();
        Optional<Changes> changes = changes(s, names, keyColumns(live), PEEK, progress);
        if (changes.isEmpty()) {
            return Optional.empty();
        }
        LOG.debug("read {} changes from {} in {} ms", changes.get().count, names.verifySlot(),
                (System.nanoTime() - started) / 1_000_000);
        Sides sides = reread(s, t, live, changes.get());
        return Optional.of(new Cutover(sides.snapshot(s, true), sides.snapshot(t, false), changes.get().count,
                sides.bucketsRead, sides.tablesWhole));
    }

    /**
     * Another live pass, for when the last one took long enough that the app's writes meanwhile would make the
     * writers-stopped half long: takes (consumes) the slot's changes up to now, waits until RDS applied them
     * ({@code awaitApplied}), and digests again, on both sides, the buckets they touched and those that differed. The
     * slot then starts where these digests stand, so the cutover reads only what changes after this pass. Empty when
     * the changes could not be read: once taken from the slot they are gone, so no digest stands any more.
     */
    static Optional<Refreshed> refresh(Connection s, Connection t, Names names, LiveDigests live, Runnable awaitApplied,
                                       Consumer<String> progress) throws SQLException {
        Optional<Changes> changes = changes(s, names, keyColumns(live), TAKE, progress);
        if (changes.isEmpty()) {
            return Optional.empty();
        }
        awaitApplied.run();
        Sides sides = reread(s, t, live, changes.get());
        return Optional.of(new Refreshed(sides.live(live.fromLsn()), changes.get().count, sides.bucketsRead,
                sides.tablesWhole));
    }

    /** A refresh's digests, and what it read to make them. */
    record Refreshed(LiveDigests digests, int changes, int bucketsRead, int tablesReadWhole) {
    }

    private static Map<String, String> keyColumns(LiveDigests live) {
        Map<String, String> keyColumns = new HashMap<>();
        live.source().forEach((table, d) -> {
            if (d.keyColumn() != null) {
                keyColumns.put(table, d.keyColumn());
            }
        });
        return keyColumns;
    }

    private static Sides reread(Connection s, Connection t, LiveDigests live, Changes changes) throws SQLException {
        Set<TableName> sourceTables = tables(s);
        Set<TableName> targetTables = tables(t);
        Set<TableName> all = new TreeSet<>(sourceTables);
        all.addAll(targetTables);
        Sides sides = new Sides();
        for (TableName table : all) {
            long t0 = System.nanoTime();
            reread(table, live, changes, s, t, sides, sourceTables.contains(table), targetTables.contains(table));
            LOG.debug("{}: digested again in {} ms", table, (System.nanoTime() - t0) / 1_000_000);
        }
        return sides;
    }

    private static void reread(TableName table, LiveDigests live, Changes changes, Connection s, Connection t,
                               Sides sides, boolean onSource, boolean onTarget) throws SQLException {
        String name = table.toString();
        TableDigests was = live.source().get(name);
        if (was == null || changes.whole.contains(name)) {
            TableDigests layout = was != null ? was : BucketDigests.layout(onSource ? s : t, table);
            sides.put(name, layout, onSource ? BucketDigests.all(s, table, layout) : null,
                    onTarget ? BucketDigests.all(t, table, layout) : null);
            sides.tablesWhole++;
            return;
        }
        Set<Long> again = new TreeSet<>(differing(was, live.target().get(name)));
        changes.keys.getOrDefault(name, Set.of()).forEach(key -> again.add(key / was.width()));
        sides.bucketsRead += again.size();
        sides.put(name, was, onSource ? merged(was, BucketDigests.some(s, table, was, again), again) : null,
                onTarget ? merged(live.target().get(name), BucketDigests.some(t, table, was, again), again) : null);
    }

    private static Map<Long, Digest> merged(TableDigests live, Map<Long, Digest> reread, Set<Long> again) {
        Map<Long, Digest> now = new HashMap<>(live.buckets());
        again.forEach(now::remove);
        now.putAll(reread);
        return now;
    }

    private static Set<Long> differing(TableDigests a, TableDigests b) {
        Set<Long> keys = new HashSet<>(a.buckets().keySet());
        keys.addAll(b.buckets().keySet());
        keys.removeIf(k -> a.buckets().getOrDefault(k, Digest.EMPTY).equals(b.buckets().getOrDefault(k, Digest.EMPTY)));
        return keys;
    }

    private static Optional<Changes> changes(Connection s, Names names, Map<String, String> keyColumns, String sql,
                                             Consumer<String> progress) throws SQLException {
        if (!LogicalReplication.exists(s, "select 1 from pg_replication_slots where slot_name = ?", names.verifySlot())) {
            progress.accept("the tracking slot " + names.verifySlot() + " is gone; verifying every table whole");
            return Optional.empty();
        }
        Changes changes = new Changes();
        try (PreparedStatement st = s.prepareStatement(sql)) {
            st.setString(1, names.verifySlot());
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    changes.add(DecodedChange.parse(rs.getString(1), keyColumns));
                }
            }
        } catch (IllegalArgumentException unreadable) {
            LOG.warn("unreadable change in {}: {}", names.verifySlot(), unreadable.getMessage());
            progress.accept("a change in " + names.verifySlot() + " is unreadable (" + unreadable.getMessage()
                    + "); verifying every table whole");
            return Optional.empty();
        }
        return Optional.of(changes);
    }

    private static Set<TableName> tables(Connection c) throws SQLException {
        Set<TableName> tables = new TreeSet<>();
        Catalog.tables(c).forEach(size -> tables.add(size.table()));
        return tables;
    }

    private static TableDigests with(TableDigests layout, Map<Long, Digest> buckets) {
        return new TableDigests(layout.keyColumn(), layout.width(), buckets);
    }

    /** The changed keys per table, and the tables to read whole. */
    private static final class Changes {
        final Map<String, Set<Long>> keys = new HashMap<>();
        final Set<String> whole = new HashSet<>();
        int count;

        void add(Optional<DecodedChange> change) {
            change.ifPresent(c -> {
                count++;
                for (TableName table : c.tables()) {
                    if (c.wholeTables()) {
                        whole.add(table.toString());
                    } else {
                        keys.computeIfAbsent(table.toString(), k -> new HashSet<>()).addAll(c.keys());
                    }
                }
            });
        }
    }

    /** Both sides' buckets per table as they are now; a table absent from a side is left out of its snapshot. */
    private static final class Sides {
        final Map<String, TableDigests> layouts = new HashMap<>();
        final Map<String, Map<Long, Digest>> source = new HashMap<>();
        final Map<String, Map<Long, Digest>> target = new HashMap<>();
        int bucketsRead;
        int tablesWhole;

        void put(String table, TableDigests layout, Map<Long, Digest> here, Map<Long, Digest> there) {
            layouts.put(table, layout);
            if (here != null) {
                source.put(table, here);
            }
            if (there != null) {
                target.put(table, there);
            }
        }

        LiveDigests live(String fromLsn) {
            Map<String, TableDigests> here = new HashMap<>();
            Map<String, TableDigests> there = new HashMap<>();
            source.forEach((table, buckets) -> {
                here.put(table, with(layouts.get(table), buckets));
                there.put(table, with(layouts.get(table), target.getOrDefault(table, Map.of())));
            });
            return new LiveDigests(fromLsn, here, there);
        }

        Snapshot snapshot(Connection c, boolean ofSource) throws SQLException {
            Map<String, Long> counts = new HashMap<>();
            Map<String, String> checksums = new HashMap<>();
            (ofSource ? source : target).forEach((table, buckets) -> {
                counts.put(table, BucketDigests.rows(buckets.values()));
                checksums.put(table, BucketDigests.checksum(buckets.values()));
            });
            Map<String, Long> values = new HashMap<>();
            Map<String, Boolean> called = new HashMap<>();
            PostgresSnapshots.readSequences(c, Catalog.sequences(c), values, called);
            return new Snapshot(Catalog.serverVersion(c), counts, values, checksums, called);
        }
    }
}
