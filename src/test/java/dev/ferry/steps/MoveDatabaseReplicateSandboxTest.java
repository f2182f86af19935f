package dev.ferry.steps;

import static dev.ferry.testing.FerryCli.ferry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.database.PostgresSnapshots;
import dev.ferry.database.SnapshotComparison;
import dev.ferry.sandbox.host.RedashSandbox;
import dev.ferry.step.DatabasePorts.ConnectionSpec;
import dev.ferry.step.DatabasePorts.Snapshot;
import dev.ferry.testing.FerryCli.Result;
import dev.ferry.testing.SandboxWorlds;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * move-database {@code method: replicate} from the sandbox host's PostgreSQL 12 to RDS 16, through the CLI: refused
 * (nothing changed) while wal_level is not logical and a table has no key; a failure after the initial copy rolled
 * back leaves no publication, subscription or slot on either side and the app local; then the move with a writer
 * inserting and updating during the copy, every row and sequence equal on RDS, nothing left behind; and the writers'
 * stopped time against the stream method on the same data.
 */
class MoveDatabaseReplicateSandboxTest {
    private static final String PLAN = "sbx-repl";
    static final String LOGICAL = "-c wal_level=logical -c max_replication_slots=10 -c max_wal_senders=10";
    private static SandboxWorlds worlds;
    private static ReplicateFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        worlds = SandboxWorlds.start(PLAN, RedashSandbox.POSTGRES_IMAGE);
        fixture = new ReplicateFixture(worlds, PLAN);
        writePlan("replicate");
    }

    static void writePlan(SandboxWorlds w, String method) throws Exception {
        w.plan(16, "  - id: provision\n  - id: move-database\n    options:\n      method: " + method + "\n");
    }

    private static void writePlan(String method) throws Exception {
        writePlan(worlds, method);
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.stopWriter();
        }
        if (worlds != null) {
            worlds.close();
        }
    }

    @Test
    void refusedUntilReadyRolledBackCleanThenMovedWhileWritingWithAShortStop() throws Exception {
        String envBefore = Files.readString(worlds.redash.envFile());
        try (Connection c = ReplicateFixture.jdbc(worlds.local()); Statement st = c.createStatement()) {
            st.execute("create table audit_nokey (note text)");
            st.execute("create table audit_keyless_too (n int)");
        }
        Result refused = ferry(fixture.wiring(), "run", worlds.plan.toString(), "--yes");
        assertThat(refused.code()).as(refused.err()).isNotZero();
        assertThat(refused.err()).contains("method: replicate", "wal_level is replica", "public.audit_nokey",
                "public.audit_keyless_too", "nothing was changed");
        assertThat(Files.readString(worlds.redash.envFile())).isEqualTo(envBefore);
        assertThat(fixture.replicationObjects(worlds.local(), null)).isEmpty();
        assertThat(worlds.running()).contains("postgres", "server", "worker");

        // the operator's fix: a key (or drop), logical WAL on the compose postgres
        try (Connection c = ReplicateFixture.jdbc(worlds.local()); Statement st = c.createStatement()) {
            st.execute("alter table audit_nokey add column id serial primary key");
            st.execute("drop table audit_keyless_too");
        }
        fixture.postgresCommand(LOGICAL);
        fixture.grow(60_000);

        // a failure after the initial copy, then a rollback: nothing left on either side, the app on the local database
        fixture.failAfter = "verify-live";
        Result failed = ferry(fixture.wiring(), "resume", worlds.plan.toString(), "--yes");
        assertThat(failed.code()).as(failed.err()).isNotZero();
        assertThat(failed.err()).contains("injected failure after verify-live");
        ConnectionSpec rds = fixture.rds();
        ConnectionSpec local = worlds.local();
        assertThat(fixture.replicationObjects(local, rds)).contains("local publication ferry_sbx_repl_pub",
                "local slot ferry_sbx_repl_sub", "local slot ferry_sbx_repl_sub_verify", "rds subscription ferry_sbx_repl_sub");
        fixture.failAfter = "";
        Result rolledBack = ferry(fixture.wiring(), "rollback", worlds.plan.toString(), "--last", "--yes");
        assertThat(rolledBack.code()).as(rolledBack.err()).isZero();
        assertThat(fixture.replicationObjects(local, rds)).isEmpty();
        assertThat(Files.readString(worlds.redash.envFile())).isEqualTo(envBefore);
        assertThat(worlds.running()).contains("postgres", "server", "worker");

        // the move, with a writer inserting and updating all through the initial copy
        fixture.startWriter();
        fixture.watch(local);
        long t0 = System.nanoTime();
        Result moved = ferry(fixture.wiring(), "run", worlds.plan.toString(), "--yes");
        System.out.printf("replicate move: %d ms, writers stopped %d ms, %d writes during it%n",
                (System.nanoTime() - t0) / 1_000_000, fixture.writersStoppedMillis(), fixture.writes.get());
        System.out.println(moved.err());
        assertThat(moved.code()).as(moved.err()).isZero();
        assertThat(moved.err()).contains("initial copy done", "writes made during the copy", "caught up",
                "sequence values",
                "changes since verify-live", "buckets read again", "dropped subscription ferry_sbx_repl_sub");
        assertThat(fixture.writes.get()).isPositive();
        Snapshot atCutover = fixture.localAtCutover;
        Snapshot onRds = new PostgresSnapshots().snapshot(worlds.rdsFromEnvFile());
        assertThat(SnapshotComparison.compare(atCutover, onRds)).as("rows, checksums, sequences").isEmpty();
        assertThat(onRds.checksums()).isEqualTo(atCutover.checksums());
        assertThat(onRds.sequences()).isEqualTo(atCutover.sequences()).isNotEmpty();
        assertThat(fixture.leftAtCutover).as("publication, subscription, slots after the cutover").isEmpty();
        assertThat(moved.out() + moved.err()).doesNotContain(worlds.redash.postgresPassword());
        long replicateStopped = fixture.writersStoppedMillis();
        List<String> replicateActions = List.copyOf(fixture.stoppedActions);

        // the same data by stream, for the writers' stopped time
        Result back = ferry(fixture.wiring(), "rollback", worlds.plan.toString(), "--last", "--yes");
        assertThat(back.code()).as(back.err()).isZero();
        writePlan("stream");
        fixture.watch(null);
        Result streamed = ferry(fixture.wiring(), "run", worlds.plan.toString(), "--yes");
        System.out.println(streamed.err());
        assertThat(streamed.code()).as(streamed.err()).isZero();
        System.out.printf("writers stopped: replicate %d ms %s, stream %d ms %s%n", replicateStopped,
                replicateActions, fixture.writersStoppedMillis(), fixture.stoppedActions);
    }
}
