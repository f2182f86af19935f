package dev.ferry.doctor;

import static dev.ferry.testing.FerryCli.ferry;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.step.AwsPorts;
import dev.ferry.step.AwsPorts.DnsRecord;
import dev.ferry.aws.AwsSettings;
import dev.ferry.aws.SdkAwsPorts;
import dev.ferry.step.Adapters;
import dev.ferry.host.SshConnector;
import dev.ferry.host.SshOptions;
import dev.ferry.sandbox.SandboxPlan;
import dev.ferry.sandbox.aws.Delays;
import dev.ferry.sandbox.aws.SandboxAws;
import dev.ferry.sandbox.aws.SandboxWorld;
import dev.ferry.sandbox.host.RedashSandbox;
import dev.ferry.sandbox.host.SandboxHost;
import dev.ferry.state.Json;
import dev.ferry.testing.OutputSchemas;
import dev.ferry.testing.FerryCli.Result;
import dev.ferry.wiring.Wiring;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ferry doctor} against the sandboxes: real SSH to the sandbox host (with a seeded Redash), the real SDK against
 * the sandbox AWS endpoint. A healthy world passes; each broken part fails its own line with the fix, and doctor
 * never writes state, takes a lock or trusts a host key.
 */
class DoctorSandboxTest {
    private static Wiring wiring;
    private static final String STEPS = """
              - id: upgrade-local-postgres
                options: {targetMajor: 15, backupDir: %s}
              - id: provision
              - id: move-database
                options: {method: %s}
              - id: repoint-redis
              - id: start-fargate-workers
              - id: handoff-scheduler
              - id: verify-temporary-domain
              - id: cutover-server
              - id: decommission
            """;
    private static Path root;
    private static SandboxHost host;
    private static RedashSandbox redash;
    private static SandboxAws aws;
    private static SdkAwsPorts seeding;
    private static Path knownHosts;

    @BeforeAll
    static void start() throws Exception {
        root = Files.createTempDirectory(Path.of("/tmp"), "ferry-doctor-");
        host = SandboxHost.start(root);
        redash = RedashSandbox.seed(host);
        aws = SandboxAws.start(SandboxWorld.defaults(), Delays.fast(), root.resolve("aws"));
        knownHosts = host.writeKnownHosts(root.resolve("known_hosts"));
        AwsSettings settings = AwsSettings.defaults().withRegion(aws.region().id()).withEndpoint(aws.endpoint())
                .withCredentials(aws.credentials()).withWaiterPollInterval(Duration.ofMillis(200));
        seeding = SdkAwsPorts.connect(settings);
        domainTtl(60);
        wiring = Wiring.real().withAdapters(Adapters.unavailable().withHosts(new SshConnector(SshOptions.isolated()))
                .withAws(Adapters.lazy(AwsPorts.class, () -> SdkAwsPorts.connect(settings))));
    }

    @AfterAll
    static void stop() {
        seeding.close();
        aws.close();
        host.close();
    }

    @AfterEach
    void healthyAgain() {
        host.limitFreeSpace(-1);
        aws.faults().clear();
    }

    @Test
    void aHealthySandboxPassesEveryCheckAndDoctorWritesNothing() throws Exception {
        Result r = doctor(plan("healthy", "stream", knownHosts));
        System.out.println(r.out());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("✓ ssh ", "✓ sudo ", "✓ docker-compose ", "✓ compose-file ", "✓ env-file ",
                "✓ disk:upgrade-backup ", "✓ disk:move-database ", "✓ aws-identity ", "✓ rds:DescribeDBInstances ",
                "✓ ssm:GetParameter ", "✓ ecs:DescribeServices ", "✓ subnets ", "✓ listener ", "✓ hosted-zone ",
                "✓ dns-record ", "✓ rds-ca-bundle ", "0 failed", "ready").doesNotContain("✗", "! ");
        for (String line : r.out().lines().filter(l -> l.startsWith("✓")).toList()) {
            assertThat(line).as("no secret values in " + line).doesNotContain(redash.postgresPassword());
        }

        Result json = doctor(plan("healthy", "stream", knownHosts), "--output", "json");
        assertThat(json.code()).isZero();
        assertThat(OutputSchemas.check("doctor-output", json.out())).isEmpty();
        JsonNode doc = Json.mapper().readTree(json.out());
        assertThat(doc.get("ok").asBoolean()).isTrue();
        assertThat(doc.get("remainingSteps")).hasSize(9);
        List<String> names = new ArrayList<>();
        doc.get("checks").forEach(c -> names.add(c.get("name").asText()));
        assertThat(names).contains("ssh", "disk:upgrade-backup", "ec2:DescribeSecurityGroups", "dns-record");
        doc.get("checks").forEach(c -> assertThat(c.get("status").asText()).isEqualTo("ok"));

        assertThat(root.resolve(".ferry")).doesNotExist();
        assertThat(Files.readString(knownHosts)).isEqualTo(host.hostKeyLine() + "\n");
    }

    @Test
    void aDomainTtlAboveTheLoweredOneIsAWarningThatStillPasses() throws Exception {
        domainTtl(300);
        try {
            Result r = doctor(plan("ttl", "stream", knownHosts));
            assertThat(r.code()).as(r.out()).isZero();
            assertThat(r.out()).containsPattern("! dns-record +redash\\.example\\.com A 10\\.0\\.1\\.10, TTL 300 s,"
                    + " above edge\\.loweredTtl \\(60 s\\)").contains("fix: Lower it to 60 s at least 300 s before");
        } finally {
            domainTtl(60);
        }
    }

    @Test
    void anUnknownHostKeyFailsWithItsFingerprintAndTheTrustCommandAndIsNotTrusted() throws Exception {
        Path empty = Files.writeString(root.resolve("empty_known_hosts"), "");
        Result r = doctor(plan("unknown-key", "stream", empty));
        assertThat(r.code()).isEqualTo(7);
        assertThat(r.out()).containsPattern("✗ ssh +the host key of 127\\.0\\.0\\.1 is not trusted yet: it presents"
                        + " ecdsa-sha2-nistp256 key SHA256:[A-Za-z0-9+/]{43}")
                .contains("`ssh-keyscan -p " + host.port() + " -t ecdsa 127.0.0.1 >> " + empty + "`")
                .containsPattern("- docker-compose +not checked: ssh failed")
                .contains("✓ aws-identity");
        assertThat(Files.readString(empty)).isEmpty();
    }

    @Test
    void aNearlyFullDiskFailsWithTheSizes() throws Exception {
        host.limitFreeSpace(1L << 20);
        Result r = doctor(plan("full-disk", "directory", knownHosts));
        assertThat(r.code()).isEqualTo(7);
        assertThat(r.out()).containsPattern("✗ disk:upgrade-backup +only 1 MiB free next to the data directory .*"
                + "postgres-data for pgautoupgrade, about \\d+ MiB needed")
                .contains("fix: Free space on the disk holding")
                .containsPattern("✗ disk:move-database +tables \\d+ MiB; 1 MiB free for /tmp/ferry-full-disk-move,"
                        + " method directory needs about 1\\.\\d GiB with headroom")
                .contains("or set move-database.method: stream");
    }

    @Test
    void aDeniedActionFailsNamingTheActionToGrant() throws Exception {
        aws.faults().deny("rds", "DescribeDBInstances").deny("ec2", "DescribeSubnets");
        Result r = doctor(plan("denied", "stream", knownHosts));
        assertThat(r.code()).isEqualTo(7);
        assertThat(r.out()).containsPattern("✗ rds:DescribeDBInstances +rds:DescribeDBInstances on DB instance"
                        + " denied was denied")
                .contains("fix: Grant rds:DescribeDBInstances to the explicitly supplied credentials")
                .containsPattern("✗ subnets +ec2:DescribeSubnets on .* was denied")
                .contains("✓ elasticache:DescribeCacheClusters");
    }

    @Test
    void aReplicatingMoveNeedsToReadTheHostGroupsRules() throws Exception {
        assertThat(doctor(plan("stream-rules", "stream", knownHosts)).out())
                .doesNotContain("ec2:DescribeSecurityGroupRules");
        assertThat(doctor(plan("replicate-rules", "replicate", knownHosts)).out())
                .containsPattern("✓ ec2:DescribeSecurityGroupRules +allowed \\(rules of the host's security group sg-");
        aws.faults().deny("ec2", "DescribeSecurityGroupRules");
        Result r = doctor(plan("replicate-rules", "replicate", knownHosts));
        assertThat(r.code()).isEqualTo(7);
        assertThat(r.out()).containsPattern("✗ ec2:DescribeSecurityGroupRules +ec2:DescribeSecurityGroupRules on rules of"
                + " the host's security group sg-[0-9a-f]+ was denied");
    }

    @Test
    void aMissingRdsCaBundleFailsWithTheDownload() throws Exception {
        Path plan = plan("no-ca-bundle", "stream", knownHosts);
        String bundle = root.resolve("nowhere/rds-global-bundle.pem").toString();
        Files.writeString(plan, Files.readString(plan).replaceFirst("caBundle: .*", "caBundle: " + bundle));
        Result r = doctor(plan);
        assertThat(r.code()).isEqualTo(7);
        assertThat(r.out()).containsPattern("✗ rds-ca-bundle +cannot read the CA bundle " + java.util.regex.Pattern.quote(
                bundle)).contains("curl -fsSo " + bundle + " https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem");
    }

    @Test
    void aMissingListenerFails() throws Exception {
        Path plan = plan("no-listener", "stream", knownHosts);
        String listenerId = SandboxWorld.defaults().loadBalancer().listenerId();
        Files.writeString(plan, Files.readString(plan).replace(listenerId, "0000000000000000"));
        Result r = doctor(plan);
        assertThat(r.code()).isEqualTo(7);
        assertThat(r.out()).containsPattern("✗ listener +listener arn:aws:elasticloadbalancing:.*/0000000000000000"
                + " does not exist \\(ListenerNotFound\\)").contains("fix: Check edge.listenerArn");
    }

    @Test
    void aHostThatAcceptsAndNeverAnswersFailsWithinTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept());
                    } catch (Exception closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Path plan = plan("hanging", "stream", knownHosts);
            Files.writeString(plan, Files.readString(plan).replace("port: " + host.port(), "port: " + silent.getLocalPort()));
            long start = System.nanoTime();
            Result r = doctor(plan, "--check-timeout", "3");
            long seconds = (System.nanoTime() - start) / 1_000_000_000;
            assertThat(r.code()).isEqualTo(7);
            assertThat(r.out()).containsPattern("✗ ssh +no answer within 3 s \\(the check was abandoned\\)")
                    .contains("- compose-file", "✓ aws-identity");
            assertThat(seconds).isLessThan(10);
        }
    }

    private static Result doctor(Path plan, String... more) {
        List<String> args = new ArrayList<>(List.of("doctor", plan.toString()));
        args.addAll(List.of(more));
        return ferry(wiring, args.toArray(String[]::new));
    }

    private static Path plan(String name, String moveMethod, Path trustedKeys) throws Exception {
        Path plan = root.resolve(name + ".yaml");
        Files.writeString(plan, SandboxPlan.named(name).source(host.sourceHost(trustedKeys))
                .redashCompose(redash.directory()).target(aws.world(), name, 16).edge(aws.world(), 60)
                .steps(STEPS.formatted(root.resolve("var/backups/ferry"), moveMethod)).yaml());
        return plan;
    }

    private static void domainTtl(long ttl) {
        seeding.upsertRecord(aws.world().zone().id(), new DnsRecord("redash.example.com", "A", ttl, "10.0.1.10", null),
                Duration.ofSeconds(30));
    }
}
