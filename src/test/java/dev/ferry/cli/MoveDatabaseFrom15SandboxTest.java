package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.aws.AwsPorts;
import dev.ferry.aws.AwsSettings;
import dev.ferry.aws.SdkAwsPorts;
import dev.ferry.database.DatabasePorts.ConnectionSpec;
import dev.ferry.database.DatabasePorts.Snapshot;
import dev.ferry.database.PostgresSnapshots;
import dev.ferry.database.SnapshotComparison;
import dev.ferry.engine.Adapters;
import dev.ferry.host.SshConnector;
import dev.ferry.host.SshOptions;
import dev.ferry.plan.PlanLoader;
import dev.ferry.plan.SourceHost;
import dev.ferry.sandbox.SandboxPlan;
import dev.ferry.sandbox.aws.Delays;
import dev.ferry.sandbox.aws.SandboxAws;
import dev.ferry.sandbox.aws.SandboxWorld;
import dev.ferry.sandbox.host.RedashSandbox;
import dev.ferry.sandbox.host.SandboxHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A host already on PostgreSQL 15 (as after upgrade-local-postgres) whose disk is nearly full: {@code method: auto}
 * falls back to the stream (no dump on disk), the 16 client streams 15 into RDS 16, and everything verifies.
 */
class MoveDatabaseFrom15SandboxTest {
    private static final String PLAN = "sbx-move15";
    private static SandboxHost host;
    private static SandboxAws aws;
    private static RedashSandbox redash;
    private static Path plan;

    @BeforeAll
    static void start() throws Exception {
        Path root = Files.createTempDirectory(Path.of("/tmp"), "ferry-move15-");
        host = SandboxHost.start(root);
        redash = RedashSandbox.seed(host, "postgres:15-alpine");
        redash.docker("up -d").orThrow("docker compose up -d");
        aws = SandboxAws.start(SandboxWorld.defaults(), Delays.fast(), root.resolve("aws"));
        SourceHost source = host.sourceHost(host.writeKnownHosts(root.resolve("known_hosts")));
        plan = root.resolve("plan.yaml");
        Files.writeString(plan, SandboxPlan.named(PLAN).source(source).redashCompose(redash.directory())
                .target(aws.world(), PLAN, 16).edge(aws.world(), 2)
                .steps("  - id: provision\n  - id: move-database\n").yaml());
        AwsSettings settings = AwsSettings.defaults().withRegion(aws.region().id()).withEndpoint(aws.endpoint())
                .withCredentials(aws.credentials()).withWaiterPollInterval(Duration.ofMillis(300));
        SshConnector ssh = new SshConnector(SshOptions.isolated());
        Wiring.useAdapters(Adapters.unavailable().withHosts(ssh)
                .withAws(Adapters.lazy(AwsPorts.class, () -> SdkAwsPorts.connect(settings)))
                .withDatabase(Wiring.tunneledDatabase(ssh, new PlanLoader().load(plan).plan())));
    }

    @AfterAll
    static void stop() {
        Wiring.useAdapters(null);
        if (aws != null) {
            aws.close();
        }
        if (host != null) {
            host.close();
        }
    }

    @Test
    void fifteenStreamsIntoSixteenWhenTheHostLacksDiskForADump() throws Exception {
        ConnectionSpec local = MoveDatabaseSandboxTest.local(host, redash);
        Snapshot before = new PostgresSnapshots().snapshot(local);
        assertThat(before.serverVersion()).startsWith("15.");
        host.limitFreeSpace(512L << 20);

        long t0 = System.nanoTime();
        CliTest.Result run = CliTest.ferry("run", plan.toString(), "--yes");
        System.out.printf("provision + move 15 -> 16: %d ms%n", (System.nanoTime() - t0) / 1_000_000);

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).contains("512 MiB free").contains(": stream").contains("done: 9/9 tables");
        Snapshot onRds = new PostgresSnapshots().snapshot(MoveDatabaseSandboxTest.rdsFromEnvFile(redash));
        assertThat(onRds.serverVersion()).startsWith("16.");
        assertThat(SnapshotComparison.compare(before, onRds)).isEmpty();
        assertThat(onRds.checksums()).isEqualTo(before.checksums());
        assertThat(Files.readString(redash.composeFile())).doesNotContain("\n  postgres:");
    }
}
