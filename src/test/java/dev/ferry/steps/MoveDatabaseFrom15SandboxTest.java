package dev.ferry.steps;

import static dev.ferry.testing.FerryCli.ferry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.step.DatabasePorts.Snapshot;
import dev.ferry.database.PostgresSnapshots;
import dev.ferry.database.SnapshotComparison;
import dev.ferry.testing.FerryCli.Result;
import dev.ferry.testing.SandboxWorlds;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A host already on PostgreSQL 15 (as after upgrade-local-postgres) whose disk is nearly full: {@code method: auto}
 * falls back to the stream (no dump on disk), the 16 client streams 15 into RDS 16, and everything verifies.
 */
class MoveDatabaseFrom15SandboxTest {
    private static SandboxWorlds worlds;

    @BeforeAll
    static void start() throws Exception {
        worlds = SandboxWorlds.start("sbx-move15", "postgres:15-alpine");
        worlds.plan(16, "  - id: provision\n  - id: move-database\n");
    }

    @AfterAll
    static void stop() {
        if (worlds != null) {
            worlds.close();
        }
    }

    @Test
    void fifteenStreamsIntoSixteenWhenTheHostLacksDiskForADump() throws Exception {
        Snapshot before = new PostgresSnapshots().snapshot(worlds.local());
        assertThat(before.serverVersion()).startsWith("15.");
        worlds.host.limitFreeSpace(512L << 20);

        long t0 = System.nanoTime();
        Result run = ferry(worlds.wiring(), "run", worlds.plan.toString(), "--yes");
        System.out.printf("provision + move 15 -> 16: %d ms%n", (System.nanoTime() - t0) / 1_000_000);

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).contains("method auto chose stream: 512 MiB free holds no work files").contains("done: 9/9 tables");
        Snapshot onRds = new PostgresSnapshots().snapshot(worlds.rdsFromEnvFile());
        assertThat(onRds.serverVersion()).startsWith("16.");
        assertThat(SnapshotComparison.compare(before, onRds)).isEmpty();
        assertThat(onRds.checksums()).isEqualTo(before.checksums());
        assertThat(Files.readString(worlds.redash.composeFile())).doesNotContain("\n  postgres:");
    }
}
