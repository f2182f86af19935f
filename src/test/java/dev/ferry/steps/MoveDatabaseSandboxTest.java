package dev.ferry.steps;

import static dev.ferry.testing.FerryCli.ferry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.step.DatabasePorts.ConnectionSpec;
import dev.ferry.step.DatabasePorts.Snapshot;
import dev.ferry.database.PostgresSnapshots;
import dev.ferry.database.SnapshotComparison;
import dev.ferry.sandbox.host.RedashSandbox;
import dev.ferry.testing.FerryCli.Result;
import dev.ferry.testing.SandboxWorlds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * move-database through the CLI against both sandboxes: real SSH to the compose host, its real PostgreSQL 12, an RDS
 * instance that is a real PostgreSQL 16, the data moved by the pipeline on the host and verified through SSH tunnels.
 * One scenario, in the order an SRE would live it: a copy killed half-way leaves the app on the local database; the
 * rerun moves everything; writes on RDS make a rollback refuse, naming the tables; with copyBack they come home.
 */
class MoveDatabaseSandboxTest {
    private static final String PLAN = "sbx-move";
    private static SandboxWorlds worlds;
    private static RedashSandbox redash;

    @BeforeAll
    static void start() throws Exception {
        worlds = SandboxWorlds.start(PLAN, RedashSandbox.POSTGRES_IMAGE);
        redash = worlds.redash;
        writePlan(false);
    }

    private static void writePlan(boolean copyBack) throws Exception {
        worlds.plan(16, "  - id: provision\n  - id: move-database\n    options:\n      verify: checksums\n"
                + "      copyBack: " + copyBack + "\n");
    }

    @AfterAll
    static void stop() {
        if (worlds != null) {
            worlds.close();
        }
    }

    @Test
    void aKilledCopyLeavesTheAppLocalTheRerunMovesEverythingAndRollbackBringsRdsWritesBack() throws Exception {
        String envBefore = Files.readString(redash.envFile());
        String composeBefore = Files.readString(redash.composeFile());
        Snapshot localBefore = snapshots().snapshot(worlds.local());

        Result dryRun = ferry(worlds.wiring(), "plan", worlds.plan.toString(), "--detail");
        assertThat(dryRun.code()).as(dryRun.err()).isZero();
        assertThat(dryRun.out()).contains("docker inspect", "df -PB1", "pg_restore", "--no-owner")
                .doesNotContain(redash.postgresPassword());

        // 1. pg_restore dies half-way (SIGKILL): nothing is repointed, the app runs on the local database again.
        worlds.host.killDockerRun("pg_restore", 12);
        long t0 = System.nanoTime();
        Result killed = ferry(worlds.wiring(), "run", worlds.plan.toString(), "--yes");
        System.out.printf("killed run: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(killed.code()).as(killed.err()).isEqualTo(1);
        assertThat(killed.err()).contains("Nothing was repointed").contains("pg_restore");
        assertThat(Files.readString(redash.envFile())).isEqualTo(envBefore);
        assertThat(Files.readString(redash.composeFile())).isEqualTo(composeBefore);
        assertThat(worlds.running()).contains("postgres", "server", "scheduler", "worker", "adhoc_worker", "scheduled_worker");
        assertThat(SnapshotComparison.compare(localBefore, snapshots().snapshot(worlds.local()))).isEmpty();
        assertThat(workDirectories()).as("work dir with pgpass removed").isEmpty();

        // 2. The rerun drops what the killed copy left on RDS, moves everything, verifies, repoints.
        t0 = System.nanoTime();
        Result moved = ferry(worlds.wiring(), "resume", worlds.plan.toString(), "--yes");
        System.out.printf("move: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(moved.code()).as(moved.err()).isZero();
        assertThat(moved.err()).contains("interrupted copy").contains("verified 9 tables");
        assertThat(workDirectories()).as("work dir with pgpass and dump removed").isEmpty();
        ConnectionSpec rds = worlds.rdsFromEnvFile();
        assertThat(rds.host()).isEqualTo("127.0.0.1").isNotEqualTo("postgres");
        Snapshot onRds = snapshots().snapshot(rds);
        assertThat(onRds.serverVersion()).startsWith("16.");
        assertThat(onRds.rowCounts()).hasSize(RedashSandbox.tables().size()).allSatisfy((t, n) -> assertThat(n).isPositive());
        assertThat(SnapshotComparison.compare(localBefore, onRds)).as("rows, checksums, sequences").isEmpty();
        assertThat(onRds.checksums()).isEqualTo(localBefore.checksums());
        assertThat(onRds.sequences()).isEqualTo(localBefore.sequences());
        assertThat(Files.readString(redash.composeFile())).doesNotContain("\n  postgres:");
        assertThat(worlds.running()).doesNotContain("postgres").contains("server", "scheduler", "worker");
        assertThat(Files.readString(worlds.root.resolve(".ferry").resolve(PLAN).resolve("state.json"))).contains("baselineSnapshot").doesNotContain(redash.postgresPassword());

        // 3. The app writes on RDS; a rollback without copyBack refuses, naming the tables, and changes nothing.
        String envOnRds = Files.readString(redash.envFile());
        try (Connection c = jdbc(rds); Statement st = c.createStatement()) {
            st.executeUpdate("insert into events (org_id, action, object_type, created_at)"
                    + " select 1, 'view', 'dashboard', now() from generate_series(1, 25)");
            st.executeUpdate("update queries set name = name || ' (edited on RDS)' where id = 3");
        }
        Snapshot written = snapshots().snapshot(rds);
        Result refused = ferry(worlds.wiring(), "rollback", worlds.plan.toString(), "--last", "--yes");
        assertThat(refused.code()).as(refused.err()).isEqualTo(5);
        assertThat(refused.err()).contains("table public.events", "table public.queries", "copyBack: true");
        assertThat(Files.readString(redash.envFile())).isEqualTo(envOnRds);
        assertThat(Files.readString(redash.composeFile())).doesNotContain("\n  postgres:");
        assertThat(worlds.running()).doesNotContain("postgres").contains("server", "scheduler", "worker");

        // 4. With copyBack the rows come home, the env file and compose file are restored, the app runs locally.
        writePlan(true);
        t0 = System.nanoTime();
        Result rolledBack = ferry(worlds.wiring(), "rollback", worlds.plan.toString(), "--to", "move-database", "--yes");
        System.out.printf("rollback with copy back: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(rolledBack.code()).as(rolledBack.err()).isZero();
        assertThat(rolledBack.err()).contains("copied back");
        assertThat(Files.readString(redash.envFile())).isEqualTo(envBefore);
        assertThat(Files.readString(redash.composeFile())).isEqualTo(composeBefore);
        assertThat(worlds.running()).contains("postgres", "server", "scheduler", "worker");
        Snapshot localAfter = snapshots().snapshot(worlds.local());
        assertThat(SnapshotComparison.compare(written, localAfter)).as("RDS's writes are local now").isEmpty();
        assertThat(localAfter.rowCounts().get("public.events")).isEqualTo(localBefore.rowCounts().get("public.events") + 25);

        List<String> texts = new java.util.ArrayList<>();
        for (Result r : List.of(dryRun, killed, moved, refused, rolledBack)) {
            texts.add(r.out());
            texts.add(r.err());
        }
        try (var files = Files.walk(worlds.root.resolve(".ferry"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                texts.add(Files.readString(f));
            }
        }
        assertThat(texts).noneMatch(t -> t.contains(redash.postgresPassword()) || t.contains(rds.password()));
    }

    private static PostgresSnapshots snapshots() {
        return new PostgresSnapshots();
    }

    private static Connection jdbc(ConnectionSpec c) throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://" + c.host() + ":" + c.port() + "/" + c.database(),
                c.user(), c.password());
    }

    /** The move's work directories (mktemp -d under /tmp) that still exist. */
    private static List<Path> workDirectories() throws java.io.IOException {
        try (java.util.stream.Stream<Path> entries = Files.list(Path.of("/tmp"))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("ferry-" + PLAN + "-move.")).toList();
        }
    }
}
