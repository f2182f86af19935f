package dev.ferry.steps;

import static dev.ferry.testing.FerryCli.ferry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.database.PostgresSnapshots;
import dev.ferry.database.SnapshotComparison;
import dev.ferry.sandbox.host.RedashSandbox;
import dev.ferry.step.DatabasePorts.ConnectionSpec;
import dev.ferry.testing.FerryCli.Result;
import dev.ferry.testing.SandboxWorlds;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * move-database {@code method: auto} with a replicationSource, through the CLI against the sandbox (PostgreSQL 12 → RDS
 * 16): doctor says beforehand what auto would choose; while the local database runs with wal_level replica, auto
 * chooses a dump, says why, and never publishes; once it runs with logical WAL, auto chooses replicate; each choice is
 * kept in state, so the rollback of the replicated move drops the replication and that of the dumped one has none to
 * drop. Only the replicated move adds a rule in the host's security group (on the replicationSource's port), and its
 * stop-replication revokes it.
 */
class MoveDatabaseAutoSandboxTest {
    private static final String PLAN = "sbx-auto";
    private static SandboxWorlds worlds;
    private static ReplicateFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        worlds = SandboxWorlds.start(PLAN, RedashSandbox.POSTGRES_IMAGE);
        fixture = new ReplicateFixture(worlds, PLAN);
        writePlan();
    }

    /** The plan with the local database's current address as the replicationSource (a recreated container moves). */
    private static ConnectionSpec writePlan() throws Exception {
        ConnectionSpec local = worlds.local();
        worlds.plan(16, "  - id: provision\n  - id: move-database\n    options:\n      method: auto\n"
                + "      replicationSource: " + local.host() + ":" + local.port() + "\n");
        return local;
    }

    @AfterAll
    static void stop() {
        if (worlds != null) {
            worlds.close();
        }
    }

    @Test
    void dumpsWhileTheSourceCannotReplicateThenReplicatesOnceItCan() throws Exception {
        String envBefore = Files.readString(worlds.redash.envFile());
        ConnectionSpec local = worlds.local();
        Result doctor = ferry(fixture.wiring(), "doctor", worlds.plan.toString());
        assertThat(doctor.out()).as(doctor.out() + doctor.err()).contains("wal_level is replica",
                "method auto will use a dump", "postgres publishes no port, not 5432 at " + local.host() + ":"
                        + local.port() + ", so RDS cannot subscribe there", "(or put upgrade-local-postgres, which"
                        + " does it, in the plan before move-database)");
        Result dumped = ferry(fixture.wiring(), "run", worlds.plan.toString(), "--yes");
        assertThat(dumped.code()).as(dumped.err()).isZero();
        assertThat(dumped.err()).contains("method auto chose a dump (copy-data picks which by the tables' shape and the disk's room): the"
                + " local database does not allow logical replication: wal_level is replica",
                "not needed: method auto chose dump");
        assertThat(dumped.err()).containsPattern("method auto chose (directory|stream|copy): ")
                .containsPattern("copying \\d+ tables .* by (directory|stream|copy)")
                .doesNotContain("initial copy done").doesNotContain("admits");
        Result back = ferry(fixture.wiring(), "rollback", worlds.plan.toString(), "--last", "--yes");
        assertThat(back.code()).as(back.err()).isZero();
        assertThat(back.err()).contains("not needed: method auto chose dump");
        assertThat(Files.readString(worlds.redash.envFile())).isEqualTo(envBefore);
        local = worlds.local();
        assertThat(fixture.replicationObjects(local, fixture.rds())).as("the dump never published").isEmpty();

        fixture.postgresCommand(MoveDatabaseReplicateSandboxTest.LOGICAL);
        local = writePlan();
        Result ready = ferry(fixture.wiring(), "doctor", worlds.plan.toString());
        assertThat(ready.out()).as(ready.out() + ready.err()).contains("method auto will replicate");
        fixture.watch(local);
        Result replicated = ferry(fixture.wiring(), "run", worlds.plan.toString(), "--yes");
        assertThat(replicated.code()).as(replicated.err()).isZero();
        assertThat(replicated.err()).contains("method auto chose replicate: the local database allows logical"
                + " replication", "by replicate", "initial copy done", "caught up", "dropped subscription ferry_sbx_auto_sub",
                "not needed: method auto chose replicate", "added, tagged ferry:plan=" + PLAN)
                .containsPattern("revoked sgr-[0-9a-f]{17} \\(sg-[0-9a-f]+ into " + worlds.aws.world().hostGroup().id()
                        + " on tcp/" + local.port() + "\\)");
        assertThat(SnapshotComparison.compare(fixture.localAtCutover,
                new PostgresSnapshots().snapshot(worlds.rdsFromEnvFile()))).isEmpty();
        assertThat(fixture.leftAtCutover).isEmpty();

        Result undone = ferry(fixture.wiring(), "rollback", worlds.plan.toString(), "--last", "--yes");
        assertThat(undone.code()).as(undone.err()).isZero();
        assertThat(undone.err()).contains("drop-replication", "no rule of this plan admits")
                .doesNotContain("not needed: method auto chose");
        assertThat(fixture.replicationObjects(worlds.local(), fixture.rds())).isEmpty();
        assertThat(Files.readString(worlds.redash.envFile())).isEqualTo(envBefore);
        assertThat(replicated.out() + replicated.err()).doesNotContain(worlds.redash.postgresPassword());
    }
}
