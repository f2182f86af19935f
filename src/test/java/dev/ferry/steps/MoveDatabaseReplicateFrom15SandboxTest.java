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

/** move-database {@code method: replicate} from a host on PostgreSQL 15 to RDS 16, with a writer during the copy. */
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
    void fifteenReplicatesIntoSixteenWhileWriting() throws Exception {
        fixture.postgresCommand(MoveDatabaseReplicateSandboxTest.LOGICAL);
        ConnectionSpec local = worlds.local();
        fixture.startWriter();
        fixture.watch(local);

        Result moved = ferry(fixture.wiring(), "run", worlds.plan.toString(), "--yes");
        System.out.printf("replicate 15 -> 16: writers stopped %d ms %s, %d writes%n", fixture.writersStoppedMillis(),
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
