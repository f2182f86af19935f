package dev.ferry.steps;

import static dev.ferry.testing.FerryCli.ferry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.step.AwsPorts;
import dev.ferry.aws.AwsSettings;
import dev.ferry.aws.SdkAwsPorts;
import dev.ferry.aws.TaggedInventory;
import dev.ferry.step.Adapters;
import dev.ferry.host.SshConnector;
import dev.ferry.host.SshOptions;
import dev.ferry.sandbox.SandboxPlan;
import dev.ferry.sandbox.aws.Delays;
import dev.ferry.sandbox.aws.SandboxAws;
import dev.ferry.sandbox.host.RedashSandbox;
import dev.ferry.sandbox.host.SandboxHost;
import dev.ferry.testing.FerryCli.Result;
import dev.ferry.wiring.Wiring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 4's acceptance through the CLI: provision against the sandbox AWS endpoint (real SDK v2 clients), a rerun
 * that lost its state adopts everything and creates no duplicates, rollback leaves nothing tagged for the plan, and
 * no planted secret appears in any output, journal, state or log. Issue 7's RDS creation fault runs a second plan
 * (its own directory, state and resource names) against the same endpoint.
 */
class ProvisionSandboxTest {
    private static Wiring wiring;
    private static final String PLAN = "sbx-provision";
    private static final String FAULT_PLAN = "sbx-rds-fault";
    private static final String RDS_REASON = "The DB instance could not be created because the requested instance"
            + " class is not available in the availability zones of its subnet group";
    private static SandboxHost host;
    private static SandboxAws aws;
    private static RedashSandbox redash;
    private static Path root;
    private static Path plan;
    private static Path faultPlan;
    private static AwsSettings settings;
    private static final List<String> outputs = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        root = Files.createTempDirectory(Path.of("/tmp"), "ferry-provision-");
        host = SandboxHost.start(root);
        redash = RedashSandbox.layDown(host);
        aws = SandboxAws.start(dev.ferry.sandbox.aws.SandboxWorld.defaults(), Delays.fast(), root.resolve("aws"));
        Path knownHosts = host.writeKnownHosts(root.resolve("known_hosts"));
        plan = root.resolve("plan.yaml");
        Files.writeString(plan, SandboxPlan.named(PLAN).source(host.sourceHost(knownHosts))
                .redashCompose(redash.directory()).target(aws.world(), PLAN, 16).edge(aws.world(), 2)
                .steps("  - id: provision\n").yaml());
        faultPlan = Files.createDirectories(root.resolve("fault")).resolve("plan.yaml");
        Files.writeString(faultPlan, SandboxPlan.named(FAULT_PLAN).source(host.sourceHost(knownHosts))
                .redashCompose(redash.directory()).target(aws.world(), FAULT_PLAN, 16).edge(aws.world(), 2)
                .steps("  - id: provision\n").yaml());
        settings = AwsSettings.defaults().withRegion(aws.region().id()).withEndpoint(aws.endpoint())
                .withCredentials(aws.credentials()).withWaiterPollInterval(Duration.ofMillis(300));
        wiring = Wiring.real().withAdapters(Adapters.unavailable().withHosts(new SshConnector(SshOptions.isolated()))
                .withAws(Adapters.lazy(AwsPorts.class, () -> SdkAwsPorts.connect(settings))));
    }

    @AfterAll
    static void stop() {
        aws.close();
        host.close();
    }

    @Test
    void provisionIsIdempotentRollsBackToNothingAndNeverShowsASecret() throws Exception {
        Result dryRun = keep(ferry(wiring, "plan", plan.toString()));
        assertThat(dryRun.code()).isZero();

        Result first = keep(ferry(wiring, "run", plan.toString(), "--yes"));
        assertThat(first.code()).as(first.err()).isZero();
        List<String> created = TaggedInventory.of(settings, PLAN);
        assertThat(created).anyMatch(r -> r.startsWith("rds db-instance " + PLAN))
                .anyMatch(r -> r.startsWith("elasticache cluster " + PLAN))
                .anyMatch(r -> r.contains("ecs service"))
                .anyMatch(r -> r.contains("REDASH_SECRET_KEY"));

        Path state = root.resolve(".ferry");
        Path keptState = root.resolve("first-run-state");
        Files.move(state, keptState);
        Result rerun = keep(ferry(wiring, "run", plan.toString(), "--yes"));
        assertThat(rerun.code()).as(rerun.err()).isZero();
        assertThat(TaggedInventory.of(settings, PLAN)).containsExactlyInAnyOrderElementsOf(created);

        Result rollback = keep(ferry(wiring, "rollback", plan.toString(), "--last", "--yes"));
        assertThat(rollback.code()).as(rollback.err()).isZero();
        assertThat(TaggedInventory.of(settings, PLAN)).isEmpty();

        assertNoSecretAnywhere(List.of(root.resolve(".ferry"), keptState));
    }

    @Test
    void aFailedRdsCreationSaysWhyAndRollsBackToAPlanThatRunsAgain() throws Exception {
        aws.faults().failNextCreation("rds", RDS_REASON);
        String stuck = "RDS DB instance " + FAULT_PLAN + " is 'failed' and will not become available by itself";

        Result failed = keep(ferry(wiring, "run", faultPlan.toString(), "--yes"));
        assertThat(failed.code()).as(failed.err()).isEqualTo(1);
        assertThat(failed.err()).contains("step provision failed at action await-data-stores", stuck,
                "RDS says: \"" + RDS_REASON + "\"", "ferry rollback PLAN --last");

        Result resumed = keep(ferry(wiring, "resume", faultPlan.toString(), "--yes"));
        assertThat(resumed.code()).as(resumed.err()).isEqualTo(1);
        assertThat(resumed.err()).contains(stuck).doesNotContain("keep waiting").doesNotContain("run `ferry resume PLAN`");

        Result rollback = keep(ferry(wiring, "rollback", faultPlan.toString(), "--last", "--yes"));
        assertThat(rollback.code()).as(rollback.err()).isZero();
        assertThat(TaggedInventory.of(settings, FAULT_PLAN)).isEmpty();
        assertThat(TaggedInventory.snapshotsOf(settings, FAULT_PLAN)).as("a failed instance holds no data; no final snapshot").isEmpty();

        Result again = keep(ferry(wiring, "run", faultPlan.toString(), "--yes"));
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(TaggedInventory.of(settings, FAULT_PLAN)).anyMatch(r -> r.startsWith("rds db-instance " + FAULT_PLAN));
        assertNoSecretAnywhere(List.of(faultPlan.getParent().resolve(".ferry")));
    }

    private static Result keep(Result r) {
        outputs.add(r.out());
        outputs.add(r.err());
        return r;
    }

    private void assertNoSecretAnywhere(List<Path> stateDirs) throws Exception {
        List<String> secrets = new ArrayList<>();
        for (String line : Files.readAllLines(redash.envFile())) {
            if (line.startsWith("REDASH_COOKIE_SECRET=") || line.startsWith("REDASH_SECRET_KEY=")) {
                secrets.add(line.substring(line.indexOf('=') + 1));
            }
        }
        secrets.add(redash.postgresPassword());
        assertThat(secrets).hasSize(3).allMatch(s -> s.length() >= 8);
        List<String> texts = new ArrayList<>(outputs);
        for (Path dir : stateDirs) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    texts.add(Files.readString(f));
                }
            }
        }
        assertThat(texts).hasSizeGreaterThan(6);
        for (String secret : secrets) {
            assertThat(texts).noneMatch(t -> t.contains(secret));
        }
    }
}
