package dev.ferry.cli;

import static dev.ferry.testing.FerryCli.ferry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.step.AwsPorts;
import dev.ferry.step.AwsPorts.DnsRecord;
import dev.ferry.aws.AwsSettings;
import dev.ferry.aws.SdkAwsPorts;
import dev.ferry.step.Adapters;
import dev.ferry.host.SshConnector;
import dev.ferry.host.SshOptions;
import dev.ferry.sandbox.SandboxInternet;
import dev.ferry.sandbox.SandboxPlan;
import dev.ferry.sandbox.Traffic;
import dev.ferry.sandbox.app.RecordsAnalysis;
import dev.ferry.sandbox.aws.Delays;
import dev.ferry.sandbox.aws.SandboxAws;
import dev.ferry.sandbox.aws.SandboxWorld;
import dev.ferry.sandbox.aws.StandInAppTaskLauncher;
import dev.ferry.sandbox.host.RedashSandbox;
import dev.ferry.sandbox.host.SandboxHost;
import dev.ferry.sandbox.host.StandInAppLauncher;
import dev.ferry.steps.StepLibrary;
import dev.ferry.testing.FerryCli.Result;
import dev.ferry.wiring.Wiring;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Steps 4 to 8 rehearsed through the CLI against both sandboxes, with the stand-in app running on both sides (real
 * SSH, PostgreSQL, Redis, processes): repoint-redis, start-fargate-workers, handoff-scheduler (there and back),
 * verify-temporary-domain and cutover-server under steady HTTPS traffic through the real domain, then the full
 * rollback. The invariants come from the stand-in app's records: never two schedulers, no job lost, no failed request.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FargateRehearsalTest {
    private static Wiring wiring;
    private static final String PLAN = "sbx-fargate";
    private static final Duration TICK = Duration.ofMillis(500);
    private static final String EC2_ADDRESS = "203.0.113.10";
    private static final URI REAL = URI.create("https://redash.example.com/ping");

    private static Path root;
    private static Path plan;
    private static Path records;
    private static SandboxHost host;
    private static RedashSandbox redash;
    private static SandboxAws aws;
    private static SandboxInternet internet;
    private static AwsPorts ports;
    private static final Map<String, Long> timings = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        root = Files.createTempDirectory(Path.of("/tmp"), "ferry-fargate-");
        records = root.resolve("standin-records.jsonl");
        Map<String, String> app = Map.of("FERRY_STANDIN_RECORDS", records.toString(),
                "STANDIN_TICK_MILLIS", String.valueOf(TICK.toMillis()));
        host = SandboxHost.start(root, StandInAppLauncher.class);
        StandInAppLauncher.configure(host, app);
        redash = RedashSandbox.seed(host);
        redash.docker("up -d").orThrow("docker compose up -d");
        aws = SandboxAws.start(SandboxWorld.defaults(), Delays.fast(), root.resolve("aws"), new StandInAppTaskLauncher(app));
        internet = new SandboxInternet(aws);
        internet.serveHttps(EC2_ADDRESS, serverPort());
        AwsSettings settings = AwsSettings.defaults().withRegion(aws.region().id()).withEndpoint(aws.endpoint())
                .withCredentials(aws.credentials()).withWaiterPollInterval(Duration.ofMillis(300));
        ports = SdkAwsPorts.connect(settings);
        ports.upsertRecord(aws.world().zone().id(), new DnsRecord("redash.example.com", "A", 5, EC2_ADDRESS, null),
                Duration.ofSeconds(30));
        Path knownHosts = host.writeKnownHosts(root.resolve("known_hosts"));
        plan = root.resolve("plan.yaml");
        Files.writeString(plan, SandboxPlan.named(PLAN).source(host.sourceHost(knownHosts))
                .redashCompose(redash.directory()).target(aws.world(), PLAN, 16).edge(aws.world(), 2)
                .steps("""
                          - id: provision
                          - id: move-database
                          - id: repoint-redis
                            options:
                              drainTimeout: 2m
                          - id: start-fargate-workers
                          - id: handoff-scheduler
                            options:
                              stopTimeout: 30s
                          - id: verify-temporary-domain
                            options:
                              attempts: 5
                          - id: cutover-server
                            options:
                              aliasTtl: 2s
                        """).yaml());
        wiring = Wiring.real().withSteps(new StepLibrary(internet.probe()))
                .withAdapters(Adapters.unavailable().withHosts(new SshConnector(SshOptions.isolated())).withAws(ports));
    }

    @AfterAll
    static void stop() {
        System.out.println("fargate rehearsal timings (ms): " + timings);
        internet.close();
        aws.close();
        host.close();
        try (var files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (java.io.IOException e) {
            System.out.println("cannot delete " + root + ": " + e.getMessage());
        }
    }

    @Test
    @Order(1)
    void repointsRedisAfterTheQueuesDrained() throws Exception {
        assertThat(internet.client().get(REAL, Duration.ofSeconds(5))).as("the app answers on EC2").isEqualTo(200);
        ok(timed("provision", () -> ferry(wiring, "run", plan.toString(), "--yes", "--until", "provision")));
        // move-database is skipped: the stand-in app only needs a reachable database on each side
        ok(timed("repoint-redis", () -> ferry(wiring, "s\na\n", true, "run", plan.toString(), "--until", "repoint-redis")));
        assertThat(Files.readString(redash.envFile())).contains("REDASH_REDIS_URL=redis://127.0.0.1:");
        assertThat(running()).contains("server", "scheduler", "worker", "adhoc_worker", "scheduled_worker")
                .doesNotContain("redis");
        assertThat(internet.client().get(REAL, Duration.ofSeconds(5))).as("the app answers on ElastiCache").isEqualTo(200);
    }

    @Test
    @Order(2)
    void movesTheWorkersToFargate() {
        ok(timed("start-fargate-workers", () -> ferry(wiring, "run", plan.toString(), "--yes", "--until",
                "start-fargate-workers")));
        assertThat(running()).doesNotContain("worker", "adhoc_worker", "scheduled_worker").contains("scheduler");
        assertThat(ports.runningTaskCount(PLAN, PLAN + "-worker")).isEqualTo(1);
    }

    @Test
    @Order(3)
    void handsTheSchedulerOverAndBackWithoutTwoAtOnce() throws Exception {
        ok(timed("handoff-scheduler", () -> ferry(wiring, "run", plan.toString(), "--yes", "--until",
                "handoff-scheduler")));
        assertThat(ports.runningTaskCount(PLAN, PLAN + "-scheduler")).isEqualTo(1);
        assertThat(running()).doesNotContain("scheduler");
        Thread.sleep(3 * TICK.toMillis());
        ok(timed("handoff-scheduler rollback", () -> ferry(wiring, "rollback", plan.toString(), "--last", "--yes")));
        assertThat(ports.runningTaskCount(PLAN, PLAN + "-scheduler")).isZero();
        assertThat(running()).contains("scheduler");
        Thread.sleep(3 * TICK.toMillis());
        ok(timed("handoff-scheduler again", () -> ferry(wiring, "run", plan.toString(), "--yes", "--until",
                "handoff-scheduler")));
        assertThat(ports.runningTaskCount(PLAN, PLAN + "-scheduler")).isEqualTo(1);
        Thread.sleep(3 * TICK.toMillis());
        RecordsAnalysis analysis = RecordsAnalysis.of(records, TICK);
        assertThat(analysis.schedulers()).as("EC2 and two Fargate scheduler identities ticked").isGreaterThanOrEqualTo(3);
        assertThat(analysis.schedulerOverlap()).isZero();
    }

    @Test
    @Order(4)
    void cutsTheServerOverWithoutAFailedRequest() throws Exception {
        ok(timed("verify-temporary-domain", () -> ferry(wiring, "run", plan.toString(), "--yes", "--until",
                "verify-temporary-domain")));
        assertThat(internet.client().get(URI.create("https://redash-fargate.example.com/ping"), Duration.ofSeconds(5)))
                .isEqualTo(200);
        Traffic traffic = Traffic.start(internet.client(), REAL, Duration.ofMillis(20), Duration.ofSeconds(90), 4000);
        Result cutover = timed("cutover-server", () -> ferry(wiring, "run", plan.toString(), "--yes"));
        Thread.sleep(1000);
        traffic.stop();
        ok(cutover);
        System.out.println("traffic during cutover: " + traffic);
        assertThat(traffic.failed()).as(traffic.toString()).isZero();
        assertThat(traffic.ok()).isGreaterThan(50);
        assertThat(internet.client().resolve("redash.example.com")).isEqualTo(aws.loadBalancerAddress());
        assertThat(running()).doesNotContain("server");
    }

    @Test
    @Order(5)
    void rollsAllTheWayBackToTheApp() throws Exception {
        ok(timed("rollback to repoint-redis", () -> ferry(wiring, "rollback", plan.toString(), "--to", "repoint-redis",
                "--yes")));
        assertThat(running()).contains("server", "scheduler", "worker", "adhoc_worker", "scheduled_worker", "redis");
        assertThat(Files.readString(redash.envFile())).contains("REDASH_REDIS_URL=redis://redis:6379/0");
        for (String service : new String[] {"server", "worker", "adhoc-worker", "scheduled-worker", "scheduler"}) {
            assertThat(ports.runningTaskCount(PLAN, PLAN + "-" + service)).as(service).isZero();
        }
        assertThat(internet.client().get(REAL, Duration.ofSeconds(5))).isEqualTo(200);
        redash.docker("stop scheduler").orThrow("docker compose stop scheduler");
        RecordsAnalysis analysis = RecordsAnalysis.of(records, TICK);
        for (long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
             !analysis.lostJobs().isEmpty() && System.nanoTime() < deadline; Thread.sleep(250)) {
            analysis = RecordsAnalysis.of(records, TICK);
        }
        System.out.println("records: " + analysis.ticks() + " ticks by " + analysis.schedulers() + " schedulers, "
                + analysis.enqueued() + " jobs enqueued, " + analysis.completed() + " completed, lost "
                + analysis.lostJobs() + ", overlap " + analysis.schedulerOverlap());
        assertThat(analysis.lostJobs()).isEmpty();
        assertThat(analysis.schedulerOverlap()).isZero();
        redash.docker("start scheduler").orThrow("docker compose start scheduler");
    }

    private static java.util.Set<String> running() {
        return java.util.Set.of(redash.docker("ps --services --filter status=running").orThrow("docker compose ps")
                .stdout().strip().split("\\R"));
    }

    private static int serverPort() throws Exception {
        Matcher m = Pattern.compile("\"(\\d+):5000\"").matcher(Files.readString(redash.composeFile()));
        assertThat(m.find()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static Result timed(String what, java.util.function.Supplier<Result> command) {
        long start = System.nanoTime();
        Result result = command.get();
        timings.put(what, Duration.ofNanos(System.nanoTime() - start).toMillis());
        return result;
    }

    private static void ok(Result result) {
        assertThat(result.code()).as(result.out() + "\n" + result.err()).isZero();
    }
}
