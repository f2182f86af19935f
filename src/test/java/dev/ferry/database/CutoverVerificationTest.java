package dev.ferry.database;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.sandbox.local.LocalPostgres;
import dev.ferry.step.DatabasePorts.ConnectionSpec;
import dev.ferry.step.DatabasePorts.Snapshot;
import dev.ferry.step.LiveDigests;
import dev.ferry.step.LiveDigests.Cutover;
import dev.ferry.step.ReplicationPorts.Names;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The two-half verification of a replicate move against real servers: sources on PostgreSQL 12 and 15 with logical
 * WAL, RDS played by 16, a writer inserting, updating (TOASTed rows too, and keys moved) and deleting hostile values
 * until the writers stop. What the writers-stopped half computes from the live digests and the changed buckets must
 * be exactly what full snapshots of both sides show, while reading only a part of the buckets; a row tampered on RDS
 * before the live half, or in a changed bucket after it, is found.
 */
class CutoverVerificationTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String HOSTILE = "it's; $(touch /tmp/pwned) `id` \"q\"\nnext line \\ é";
    private static final int ITEMS = 6000;
    private static final int WRITTEN = 1000;

    private final List<String> said = new CopyOnWriteArrayList<>();

    @ParameterizedTest
    @ValueSource(ints = {12, 15})
    void theCutoverHalfEqualsFullSnapshotsAndReadsOnlyChangedBuckets(int major) throws Exception {
        LocalPostgres pg = logicalSource(major);
        try {
            ConnectionSpec source = new ConnectionSpec("127.0.0.1", pg.port(), "postgres", LocalPostgres.SUPERUSER, "unused");
            ConnectionSpec target = TestServers.sourceDatabase(16);
            LogicalReplication replication = new LogicalReplication();
            Names names = Names.forPlan("cutover-" + major);
            Writer writer = replicatingWithATamperedRow(replication, source, target, names);
            LiveDigests live = replication.verifyLive(source, target, names, WAIT, said::add).orElseThrow();
            Thread.sleep(1500);
            execute(source, "update items set n = n + 1 where id = 7");
            writer.stop();
            assertThat(writer.writes.get()).as("the writer wrote while the live half ran").isGreaterThan(20);

            replication.awaitCaughtUp(source, names, WAIT, said::add);
            replication.copySequences(source, target);
            Cutover cutover = replication.verifyAtCutover(source, target, names, live, said::add).orElseThrow();
            assertEqualsFullSnapshots(cutover, source, target);
            assertThat(SnapshotComparison.compare(cutover.source(), cutover.target()))
                    .as("only the row tampered before the live half differs").singleElement().asString().contains("items");
            int buckets = live.source().values().stream().mapToInt(t -> t.buckets().size()).sum();
            System.out.printf("source %d: %d writes, %d changes since the live half, %d of %d buckets read again%n", major,
                    writer.writes.get(), cutover.changes(), cutover.bucketsRead(), buckets);
            assertThat(cutover.changes()).isPositive();
            assertThat(cutover.bucketsRead()).as("buckets read again of " + buckets).isPositive().isLessThan(buckets / 2);

            copyRow(source, target, 4321);
            Cutover repaired = replication.verifyAtCutover(source, target, names, live, said::add).orElseThrow();
            assertEqualsFullSnapshots(repaired, source, target);
            assertThat(SnapshotComparison.compare(repaired.source(), repaired.target())).isEmpty();

            execute(target, "update items set n = n + 100 where id = 7");
            Cutover tampered = replication.verifyAtCutover(source, target, names, live, said::add).orElseThrow();
            assertThat(SnapshotComparison.compare(tampered.source(), tampered.target()))
                    .as("a changed row tampered on RDS after the live half").singleElement().asString().contains("items");

            assertThat(replication.drop(source, target, names)).contains("slot " + names.verifySlot());
            assertThat(slots(source)).isEmpty();
            assertThat(replication.verifyAtCutover(source, target, names, live, said::add))
                    .as("no tracking slot: the caller verifies whole").isEmpty();
            assertThat(said).anyMatch(s -> s.contains("is gone"));
            assertThat(String.join("\n", said)).doesNotContain("unused");
        } finally {
            pg.stop();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {12, 15})
    void aRefreshTakesWhatItDigestedSoTheCutoverReadsOnlyLaterChanges(int major) throws Exception {
        LocalPostgres pg = logicalSource(major);
        try {
            ConnectionSpec source = new ConnectionSpec("127.0.0.1", pg.port(), "postgres", LocalPostgres.SUPERUSER, "unused");
            ConnectionSpec target = TestServers.sourceDatabase(16);
            LogicalReplication replication = new LogicalReplication();
            Names names = Names.forPlan("refresh-" + major);
            Writer writer = replicatingWithATamperedRow(replication, source, target, names);
            LiveDigests live = replication.verifyLive(source, target, names, WAIT, said::add).orElseThrow();
            Thread.sleep(3000);
            CutoverVerification.Refreshed refreshed;
            try (Connection s = Jdbc.open(source); Connection t = Jdbc.open(target)) {
                refreshed = CutoverVerification.refresh(s, t, names, live,
                        () -> replication.awaitCaughtUp(source, names, WAIT, said::add), said::add).orElseThrow();
            }
            Thread.sleep(200);
            writer.stop();

            replication.awaitCaughtUp(source, names, WAIT, said::add);
            replication.copySequences(source, target);
            Cutover cutover = replication.verifyAtCutover(source, target, names, refreshed.digests(), said::add)
                    .orElseThrow();
            System.out.printf("source %d: refresh took %d changes and read %d buckets; the cutover %d changes, %d"
                    + " buckets%n", major, refreshed.changes(), refreshed.bucketsRead(), cutover.changes(),
                    cutover.bucketsRead());
            assertEqualsFullSnapshots(cutover, source, target);
            assertThat(SnapshotComparison.compare(cutover.source(), cutover.target()))
                    .as("the row tampered before the live half still differs").singleElement().asString()
                    .contains("items");
            assertThat(refreshed.changes()).as("the refresh took the changes of the 3 s after the live pass")
                    .isPositive();
            assertThat(cutover.changes()).as("the cutover reads only the changes after the refresh")
                    .isLessThan(refreshed.changes());

            execute(target, "update items set n = n + 100 where id = 7");
            execute(source, "update items set n = n where id = 7");
            replication.awaitCaughtUp(source, names, WAIT, said::add);
            Cutover tampered = replication.verifyAtCutover(source, target, names, refreshed.digests(), said::add)
                    .orElseThrow();
            assertThat(SnapshotComparison.compare(tampered.source(), tampered.target()).toString())
                    .as("a row changed after the refresh, tampered on RDS, is found").contains("items");

            replication.drop(source, target, names);
            try (Connection s = Jdbc.open(source); Connection t = Jdbc.open(target)) {
                assertThat(CutoverVerification.refresh(s, t, names, refreshed.digests(), () -> { }, said::add))
                        .as("no tracking slot: no digest stands").isEmpty();
            }
            assertThat(String.join("\n", said)).doesNotContain("unused");
        } finally {
            pg.stop();
        }
    }

    /** Seeded, subscribed and copied; then a row tampered on RDS and the writer started. */
    private Writer replicatingWithATamperedRow(LogicalReplication replication, ConnectionSpec source,
                                               ConnectionSpec target, Names names) throws SQLException {
        seed(source);
        seedSchema(target);
        replication.start(source, target, source, names);
        replication.awaitInitialCopy(target, names, WAIT, said::add);
        execute(target, "update items set body = 'tampered before the live half' where id = 4321");
        Writer writer = new Writer(source);
        writer.start();
        return writer;
    }

    private static void assertEqualsFullSnapshots(Cutover cutover, ConnectionSpec source, ConnectionSpec target) {
        Snapshot fullSource = new PostgresSnapshots(SnapshotOptions.full()).snapshot(source);
        Snapshot fullTarget = new PostgresSnapshots(SnapshotOptions.full()).snapshot(target);
        assertThat(cutover.source().rowCounts()).isEqualTo(fullSource.rowCounts());
        assertThat(cutover.source().checksums()).isEqualTo(fullSource.checksums());
        assertThat(cutover.source().sequences()).isEqualTo(fullSource.sequences());
        assertThat(cutover.target().rowCounts()).isEqualTo(fullTarget.rowCounts());
        assertThat(cutover.target().checksums()).isEqualTo(fullTarget.checksums());
        assertThat(cutover.target().sequences()).isEqualTo(fullTarget.sequences());
    }

    private static LocalPostgres logicalSource(int major) {
        Path dir = TestServers.workDirectory("logical" + major).resolve("data");
        LocalPostgres fresh = LocalPostgres.initialise(major, dir, LocalPostgres.freePort());
        fresh.stop();
        return LocalPostgres.start(dir, fresh.port(),
                List.of("wal_level=logical", "max_replication_slots=10", "max_wal_senders=10"));
    }

    private static final String SCHEMA = "create table items (id bigserial primary key, body text, n int);"
            + "create table signed (id int primary key, v text);"
            + "create table \"Odd \"\"Name\"\";x\" (code text primary key, v text);"
            + "create table pairs (a int, b int, v text, primary key (a, b));";

    private static void seedSchema(ConnectionSpec spec) throws SQLException {
        execute(spec, SCHEMA);
    }

    private static void seed(ConnectionSpec spec) throws SQLException {
        seedSchema(spec);
        execute(spec, "insert into items (body, n) select case when i % 50 = 0 then (select string_agg(md5(i::text || g::text), '')"
                        + " from generate_series(1, 200) g) else 'row ' || i end, i from generate_series(1, " + ITEMS + ") i",
                "insert into signed select i, 'v' || i from generate_series(-500, 500) i",
                "insert into \"Odd \"\"Name\"\";x\" select 'k' || i, 'v' || i from generate_series(1, 300) i",
                "insert into pairs select i % 10, i, 'p' || i from generate_series(1, 400) i");
        try (Connection c = Jdbc.open(spec); PreparedStatement st = c.prepareStatement("update signed set v = ? where id = 3")) {
            st.setString(1, HOSTILE);
            st.executeUpdate();
        }
    }

    private static void copyRow(ConnectionSpec from, ConnectionSpec to, long id) throws SQLException {
        try (Connection f = Jdbc.open(from); Connection t = Jdbc.open(to);
             PreparedStatement read = f.prepareStatement("select body, n from items where id = ?");
             PreparedStatement write = t.prepareStatement("update items set body = ?, n = ? where id = ?")) {
            read.setLong(1, id);
            try (ResultSet rs = read.executeQuery()) {
                rs.next();
                write.setString(1, rs.getString(1));
                write.setInt(2, rs.getInt(2));
                write.setLong(3, id);
                write.executeUpdate();
            }
        }
    }

    private static List<String> slots(ConnectionSpec spec) throws SQLException {
        List<String> slots = new ArrayList<>();
        try (Connection c = Jdbc.open(spec); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select slot_name from pg_replication_slots")) {
            while (rs.next()) {
                slots.add(rs.getString(1));
            }
        }
        return slots;
    }

    private static void execute(ConnectionSpec spec, String... sql) throws SQLException {
        try (Connection c = Jdbc.open(spec); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    /** Inserts, updates (moving keys and leaving TOASTed values unchanged) and deletes until stopped. */
    private static final class Writer {
        final AtomicInteger writes = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final ConnectionSpec spec;
        private final List<Throwable> failures = new CopyOnWriteArrayList<>();
        private Thread thread;

        Writer(ConnectionSpec spec) {
            this.spec = spec;
        }

        void start() {
            thread = new Thread(this::loop, "writer");
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
            assertThat(failures).isEmpty();
        }

        private void loop() {
            Random random = new Random(42);
            try (Connection c = Jdbc.open(spec)) {
                while (running.get()) {
                    write(c, random, random.nextInt(7));
                    writes.incrementAndGet();
                    Thread.sleep(10);
                }
            } catch (Exception e) {
                failures.add(e);
            }
        }

        private static void write(Connection c, Random random, int kind) throws SQLException {
            int id = 1 + random.nextInt(WRITTEN);
            String sql = switch (kind) {
                case 0 -> "insert into items (body, n) values (?, 0)";
                case 1 -> "update items set body = ? where id = " + id;
                case 2 -> "update items set n = n + 1, body = body where id = " + (50 * (1 + random.nextInt(WRITTEN / 50)))
                        + " and ? is not null";
                case 3 -> "delete from items where id = " + id + " and ? is not null";
                case 4 -> "update signed set id = id + 2000, v = ? where id = " + (random.nextInt(WRITTEN) - 500);
                case 5 -> "insert into \"Odd \"\"Name\"\";x\" values ('w' || gen_random_uuid()::text, ?)";
                default -> "update pairs set v = ? where a = " + random.nextInt(10) + " and b = " + random.nextInt(400);
            };
            if (kind == 5 && !hasUuid(c)) {
                sql = "insert into \"Odd \"\"Name\"\";x\" values ('w' || md5(random()::text), ?)";
            }
            try (PreparedStatement st = c.prepareStatement(sql)) {
                st.setString(1, HOSTILE + random.nextInt());
                st.executeUpdate();
            }
        }

        private static boolean hasUuid(Connection c) throws SQLException {
            return c.getMetaData().getDatabaseMajorVersion() >= 13;
        }
    }
}
