package dev.ferry.steps;

import static dev.ferry.testing.FerryCli.ferry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.database.PostgresSnapshots;
import dev.ferry.database.SnapshotComparison;
import dev.ferry.sandbox.host.RedashSandbox;
import dev.ferry.sandbox.local.DatabaseTls;
import dev.ferry.step.DatabasePorts.Snapshot;
import dev.ferry.testing.FerryCli.Result;
import dev.ferry.testing.SandboxWorlds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * move-database verifies RDS's certificate end to end (issue #13), against both sandboxes: without the CA bundle it
 * stops before the writers stop; with an authority that did not sign RDS's certificate its first check fails naming
 * the endpoint and the bundle, before the writers stop too; with the plan's own bundle the resumed move succeeds.
 */
class MoveDatabaseTlsSandboxTest {
    private static final String PLAN = "sbx-tls";
    private static SandboxWorlds worlds;
    private static RedashSandbox redash;

    @BeforeAll
    static void start() throws Exception {
        worlds = SandboxWorlds.start(PLAN, RedashSandbox.POSTGRES_IMAGE);
        redash = worlds.redash;
        worlds.plan(16, "  - id: provision\n  - id: move-database\n    options:\n      method: stream\n");
    }

    @AfterAll
    static void stop() {
        if (worlds != null) {
            worlds.close();
        }
    }

    @Test
    void aMissingOrForeignBundleNeverMovesAndThePlansOwnBundleDoes() throws Exception {
        String planText = Files.readString(worlds.plan);
        String envBefore = Files.readString(redash.envFile());
        Snapshot localBefore = new PostgresSnapshots().snapshot(worlds.local());

        // 1. No bundle: move-database's first check stops it, before any writer is stopped.
        Path missing = worlds.root.resolve("nowhere/rds-global-bundle.pem");
        useBundle(planText, missing);
        Result noBundle = ferry(worlds.wiring(), "run", worlds.plan.toString(), "--yes");
        System.out.println(noBundle.err());
        assertThat(noBundle.code()).as(noBundle.err()).isEqualTo(7);
        assertThat(noBundle.err()).contains("cannot read the CA bundle " + missing, "curl -fsSo " + missing,
                "https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem");
        assertThat(Files.readString(redash.envFile())).isEqualTo(envBefore);
        assertThat(worlds.running()).contains("postgres", "server", "scheduler", "worker", "adhoc_worker", "scheduled_worker");

        // 2. An authority that did not sign RDS's certificate: the first check fails in TLS, before the writers stop.
        DatabaseTls stranger = DatabaseTls.create(worlds.root.resolve("stranger-ca"), DatabaseTls.ENDPOINT_NAMES);
        useBundle(planText, stranger.caBundle());
        Result foreign = ferry(worlds.wiring(), "resume", worlds.plan.toString(), "--yes");
        System.out.println(foreign.err());
        assertThat(foreign.code()).as(foreign.err()).isEqualTo(1);
        assertThat(foreign.err()).contains("failed at action check-databases: cannot verify the TLS certificate of the"
                + " database 127.0.0.1", stranger.caBundle().toString(), "target.database.caBundle", "nothing was changed");
        assertThat(Files.readString(redash.envFile())).isEqualTo(envBefore);
        assertThat(worlds.running()).contains("postgres", "server", "scheduler", "worker", "adhoc_worker", "scheduled_worker");

        // 3. The plan's own bundle (the sandbox RDS authority): the move goes through, verified.
        Files.writeString(worlds.plan, planText);
        Result moved = ferry(worlds.wiring(), "resume", worlds.plan.toString(), "--yes");
        assertThat(moved.code()).as(moved.err()).isZero();
        assertThat(SnapshotComparison.compare(localBefore, new PostgresSnapshots().snapshot(worlds.rdsFromEnvFile())))
                .isEmpty();

        for (Result r : List.of(noBundle, foreign, moved)) {
            assertThat(r.out() + r.err()).doesNotContain(redash.postgresPassword())
                    .doesNotContain(worlds.rdsFromEnvFile().password());
        }
    }

    private static void useBundle(String planText, Path bundle) throws Exception {
        assertThat(planText).contains("caBundle: " + DatabaseTls.sandbox().caBundle());
        Files.writeString(worlds.plan, planText.replace("caBundle: " + DatabaseTls.sandbox().caBundle(), "caBundle: " + bundle));
    }
}
