package dev.ferry.steps;

import static dev.ferry.testing.FerryCli.ferry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.database.PostgresSnapshots;
import dev.ferry.database.SnapshotComparison;
import dev.ferry.step.DatabasePorts.ConnectionSpec;
import dev.ferry.step.DatabasePorts.Snapshot;
import dev.ferry.testing.FerryCli.Result;
import dev.ferry.testing.SandboxWorlds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * move-database {@code method: replicate} from a host on PostgreSQL 15 to RDS 16, with a writer during the copy; the
 * first run fails right after the catch-up; the server started again before the resume is stopped again by it (the
 * verification is still to come), which fails right after verify-copy; a server started again after that makes the
 * next resume refuse; stopped by hand, the last resume completes the move.
 */
class MoveDatabaseReplicateFrom15SandboxTest {
    private static final String PLAN = "sbx-repl15";
    private static SandboxWorlds worlds;
    private static ReplicateFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        worlds = SandboxWorlds.start(PLAN, "postgres:15-alpine");
        fixture = new ReplicateFixture(worlds, PLAN);
        MoveDatabaseReplicateSandboxTest.writePlan(worlds, "replicate");
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
    void fifteenReplicatesIntoSixteenWhileWritingAndResumesAfterFailuresWithTheWritersStopped() throws Exception {
        fixture.postgresCommand(MoveDatabaseReplicateSandboxTest.LOGICAL);
        ConnectionSpec local = worlds.local();
        fixture.startWriter();
        fixture.watch(local);

        fixture.failAfter = "catch-up";
        Result failed = ferry(fixture.wiring(), "run", worlds.plan.toString(), "--yes");
        assertThat(failed.code()).as(failed.err()).isNotZero();
        assertThat(failed.err()).contains("injected failure after catch-up", "ferry resume");
        assertThat(worlds.running()).as("the writers stay stopped for the resume").doesNotContain("server", "worker");
        fixture.failAfter = "";

        // the app started again before the resume: the resume stops it again, since the verification is still to come
        worlds.redash.docker("start server").orThrow("start");
        fixture.failAfter = "verify-copy";
        Result again = ferry(fixture.wiring(), "resume", worlds.plan.toString(), "--yes");
        assertThat(again.err()).contains("stopped server again: they ran since stop-writers",
                "no live verification in this run: verifying every table whole", "injected failure after verify-copy");
        // once the copy is verified, a writer running again would leave its writes behind: the resume refuses
        worlds.redash.docker("start server").orThrow("start");
        fixture.failAfter = "";
        Result refused = ferry(fixture.wiring(), "resume", worlds.plan.toString(), "--yes");
        assertThat(refused.code()).as(refused.err()).isNotZero();
        assertThat(refused.err()).contains("server run again since stop-writers stopped them, after the copy was verified",
                "ferry rollback PLAN --to move-database", "docker compose stop server");
        worlds.redash.docker("stop server").orThrow("stop");

        Result moved = ferry(fixture.wiring(), "resume", worlds.plan.toString(), "--yes");
        System.out.printf("replicate 15 -> 16, resumed after catch-up: %s, %d writes before the stop%n",
                fixture.stoppedActions, fixture.writes.get());

        assertThat(moved.code()).as(moved.err()).isZero();
        assertThat(fixture.writes.get()).isPositive();
        Snapshot onRds = new PostgresSnapshots().snapshot(worlds.rdsFromEnvFile());
        assertThat(fixture.localAtCutover.serverVersion()).startsWith("15.");
        assertThat(onRds.serverVersion()).startsWith("16.");
        assertThat(SnapshotComparison.compare(fixture.localAtCutover, onRds)).isEmpty();
        assertThat(onRds.checksums()).isEqualTo(fixture.localAtCutover.checksums());
        assertThat(onRds.sequences()).isEqualTo(fixture.localAtCutover.sequences());
        assertThat(fixture.leftAtCutover).isEmpty();
    }
}
