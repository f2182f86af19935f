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
import dev.ferry.sandbox.aws.SandboxWorld;
import dev.ferry.sandbox.host.RedashSandbox;
import dev.ferry.sandbox.host.SandboxHost;
import dev.ferry.testing.FerryCli.Result;
import dev.ferry.wiring.Wiring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 through the CLI: plan B is a copy of plan A under another name that kept A's resource identifiers
 * (database, cache, SSM prefix, cluster, log group). B's provision is refused naming A as the owner, and B's
 * {@code rollback --last}, as advised after a failure, deletes nothing of A's: not its database, its secrets or its
 * log group.
 */
class CrossPlanSandboxTest {
    private static Wiring wiring;
    private static final String A = "owner-a";
    private static final String B = "owner-b";
    private static SandboxHost host;
    private static SandboxAws aws;
    private static Path planA;
    private static Path planB;
    private static AwsSettings settings;

    @BeforeAll
    static void start() throws Exception {
        Path root = Files.createTempDirectory(Path.of("/tmp"), "ferry-cross-plan-");
        host = SandboxHost.start(root);
        RedashSandbox redash = RedashSandbox.layDown(host);
        aws = SandboxAws.start(SandboxWorld.defaults(), Delays.fast(), root.resolve("aws"));
        Path knownHosts = host.writeKnownHosts(root.resolve("known_hosts"));
        planA = Files.createDirectories(root.resolve("a")).resolve("plan.yaml");
        planB = Files.createDirectories(root.resolve("b")).resolve("plan.yaml");
        for (Map.Entry<String, Path> plan : Map.of(A, planA, B, planB).entrySet()) {
            // both plans name their resources after A: B is A's plan copied under a new name
            Files.writeString(plan.getValue(), SandboxPlan.named(plan.getKey()).source(host.sourceHost(knownHosts))
                    .redashCompose(redash.directory()).target(aws.world(), A, 16).edge(aws.world(), 2)
                    .steps("  - id: provision\n").yaml());
        }
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
    void aCopiedPlanIsRefusedAndItsRollbackDeletesNothingOfTheOriginal() {
        Result provisionA = ferry(wiring, "run", planA.toString(), "--yes");
        assertThat(provisionA.code()).as(provisionA.err()).isZero();
        List<String> inventory = TaggedInventory.of(settings, A);
        Map<String, String> secrets = TaggedInventory.parameterVersions(settings, "/ferry/" + A);
        assertThat(inventory).contains("rds db-instance " + A, "logs log-group /ecs/" + A, "ecs cluster " + A,
                "ssm parameter /ferry/" + A + "/DATABASE_PASSWORD", "ssm parameter /ferry/" + A + "/REDASH_SECRET_KEY");
        assertThat(secrets).hasSize(5);

        Result provisionB = ferry(wiring, "run", planB.toString(), "--yes");
        assertThat(provisionB.code()).as(provisionB.err()).isEqualTo(1);
        assertThat(provisionB.err()).contains("SSM Parameter Store parameter '/ferry/" + A + "/DATABASE_PASSWORD'"
                + " already exists and belongs to plan '" + A + "'");
        assertUntouched(inventory, secrets);

        Result rollbackB = ferry(wiring, "rollback", planB.toString(), "--last", "--yes");
        assertThat(rollbackB.code()).as(rollbackB.err()).isEqualTo(1);
        assertThat(rollbackB.err()).contains("belongs to plan '" + A + "' (tag ferry:plan=" + A + "), not to '" + B
                + "'; ferry deletes only what this plan created, so it was not deleted\nnext: ")
                .contains("`ferry rollback PLAN --undone-by-hand provision`");
        assertUntouched(inventory, secrets);
    }

    private static void assertUntouched(List<String> inventory, Map<String, String> secrets) {
        assertThat(TaggedInventory.of(settings, A)).containsExactlyInAnyOrderElementsOf(inventory);
        assertThat(TaggedInventory.parameterVersions(settings, "/ferry/" + A)).as("neither rewritten nor deleted")
                .isEqualTo(secrets);
        assertThat(TaggedInventory.dbInstanceStatus(settings, A)).isEqualTo("available");
        assertThat(TaggedInventory.snapshotsOf(settings, A)).as("no final snapshot: no delete began").isEmpty();
    }
}
