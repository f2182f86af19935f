package dev.ferry.sandbox;

import dev.ferry.step.AwsPorts.DnsRecord;
import dev.ferry.step.AwsPorts.Owner;
import dev.ferry.step.Adapters;
import dev.ferry.step.AwsPorts;
import dev.ferry.engine.Migration;
import dev.ferry.engine.PlannedStep;
import dev.ferry.engine.Runner;
import dev.ferry.engine.ScriptedOperator;
import dev.ferry.pictures.Timeline;
import dev.ferry.sandbox.app.PeriodicJobs;
import dev.ferry.sandbox.app.RecordsAnalysis;
import dev.ferry.sandbox.aws.Delays;
import dev.ferry.sandbox.aws.SandboxAws;
import dev.ferry.sandbox.aws.SandboxWorld;
import dev.ferry.sandbox.aws.StandInAppTaskLauncher;
import dev.ferry.sandbox.host.RedashSandbox;
import dev.ferry.sandbox.host.SandboxHost;
import dev.ferry.sandbox.host.StandInAppLauncher;
import dev.ferry.steps.StepLibrary;
import dev.ferry.wiring.AwsEndpoint;
import dev.ferry.wiring.ConnectOptions;
import dev.ferry.wiring.Wiring;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The flagship plan rehearsed on this machine: a compose host over real SSH running the stand-in app on PostgreSQL
 * 12 and Redis, a local AWS endpoint (RDS on real PostgreSQL 16, ElastiCache on real Redis, ECS tasks running the
 * stand-in app, an HTTPS load balancer, Route 53), and one user sending steady HTTPS requests to the real domain.
 */
public final class Rehearsal implements AutoCloseable {
    public static final String PLAN = "redash-demo";
    static final Duration TICK = Duration.ofMillis(500);
    static final Duration SAMPLE = Duration.ofMillis(100);
    private static final String EC2_ADDRESS = "203.0.113.10";
    private static final URI REAL = URI.create("https://redash.example.com/ping");

    private final Path root;
    private final Path records;
    private final SandboxHost host;
    private final RedashSandbox redash;
    private final SandboxAws aws;
    private final SandboxInternet internet;
    private final AwsEndpoint awsEndpoint;
    private final Path planFile;
    private final Adapters adapters;
    private final AwsPorts ports;
    private Timeline timeline;

    private Rehearsal(Path root, PrintStream progress, boolean decommission) throws IOException {
        this.root = root;
        this.records = root.resolve("standin-records.jsonl");
        Map<String, String> app = Map.of("FERRY_STANDIN_RECORDS", records.toString(),
                "STANDIN_TICK_MILLIS", String.valueOf(TICK.toMillis()));
        progress.println("demo: starting the sandbox compose host (SSH) with Redash's layout on PostgreSQL 12");
        host = SandboxHost.start(root, StandInAppLauncher.class);
        StandInAppLauncher.configure(host, app);
        redash = RedashSandbox.seed(host);
        redash.docker("up -d").orThrow("docker compose up -d");
        progress.println("demo: starting the sandbox AWS endpoint");
        aws = SandboxAws.start(SandboxWorld.defaults(), Delays.fast(), root.resolve("aws"), new StandInAppTaskLauncher(app));
        internet = new SandboxInternet(aws);
        internet.serveHttps(EC2_ADDRESS, serverPort());
        awsEndpoint = new AwsEndpoint(aws.endpoint(), aws.credentials(), Duration.ofMillis(300));
        planFile = root.resolve(PLAN + ".yaml");
        Files.writeString(planFile, planYaml(decommission));
        adapters = Wiring.real().adapters(Wiring.real().load(planFile).plan(), connectOptions());
        ports = adapters.aws();
        ports.upsertRecord(aws.world().zone().id(), new DnsRecord("redash.example.com", "A", 5, EC2_ADDRESS, null),
                Duration.ofSeconds(30));
    }

    /** Starts both sandboxes and writes the plan; {@code decommission} adds the one-way last step. */
    public static Rehearsal start(PrintStream progress, boolean decommission) {
        try {
            Path root = Files.createTempDirectory(Path.of("/tmp"), "ferry-demo-");
            return new Rehearsal(root, progress, decommission);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out the demo under /tmp", e);
        }
    }

    public Path planFile() {
        return planFile;
    }

    public Path stateDirectory() {
        return root.resolve(".ferry").resolve(PLAN);
    }

    /** The sandbox AWS endpoint: where it answers, its credentials, short waiter polls (the region is the plan's). */
    public AwsEndpoint awsEndpoint() {
        return awsEndpoint;
    }

    /** The region of the sandbox AWS endpoint. */
    public String awsRegion() {
        return aws.region().id();
    }

    /** How ferry reaches this rehearsal: SSH with only the plan's key and known_hosts, AWS at the sandbox endpoint. */
    public ConnectOptions connectOptions() {
        return ConnectOptions.isolated(awsEndpoint);
    }

    public RedashSandbox redash() {
        return redash;
    }

    public SandboxInternet internet() {
        return internet;
    }

    public URI realUrl() {
        return REAL;
    }

    /** Rows the workers wrote, wherever the app's database is now (read on the compose host's postgres). */
    public Path records() {
        return records;
    }

    /** The adapters a ferry run against this rehearsal uses (exactly the production ones, pointed at the sandboxes). */
    public Adapters adapters() {
        return adapters;
    }

    public StepLibrary steps() {
        return new StepLibrary(internet.probe());
    }

    /** The production wiring with this rehearsal's adapters and steps: what a ferry run against it goes through. */
    public Wiring wiring() {
        return Wiring.real().withSteps(steps()).withAdapters(adapters());
    }

    public Migration migration(PrintStream diagnostics) {
        Wiring wiring = wiring();
        return wiring.migration(wiring.load(planFile), stateDirectory(), connectOptions(), diagnostics);
    }

    /** Runs every step with steady traffic, then stops the scheduler, lets the workers drain and reports. */
    public RehearsalReport run(PrintStream diagnostics) throws IOException {
        Migration migration = migration(diagnostics);
        Traffic traffic = Traffic.start(internet.client(), REAL, SAMPLE, Duration.ofMinutes(20), 20_000);
        PeriodicJobs.Presence periodic;
        try (PeriodicJobsWatch watch = PeriodicJobsWatch.start(stateDirectory(), this::cacheUrl, diagnostics)) {
            new Runner(migration, new ScriptedOperator(Set.of("decommission"))).run(false, Optional.empty());
            periodic = watch.result();
        } finally {
            traffic.stop();
        }
        diagnostics.println("demo: stopping the scheduler and letting the workers drain the queues");
        ports.scaleService(PLAN, PLAN + "-scheduler", 0, new Owner(PLAN));
        ports.awaitServiceStable(PLAN, PLAN + "-scheduler", Duration.ofMinutes(2));
        RecordsAnalysis analysis = drained();
        Migration after = migration(diagnostics);
        List<String> order = after.steps().stream().map(PlannedStep::id).toList();
        RehearsalReport report = RehearsalReport.of(order, after.state(), traffic, analysis, periodic, SAMPLE);
        timeline = RehearsalTimeline.of(order, after.state(), after.journal().read(), traffic.samples(), records, TICK,
                report);
        return report;
    }

    /** The last run on one clock (steps, probe, jobs, scheduler ticks), for the HTML report; read before close. */
    public Timeline timeline() {
        if (timeline == null) {
            throw new IllegalStateException("the rehearsal has not run yet");
        }
        return timeline;
    }

    /** The URL ferry stored for the cache (AUTH token and TLS included); repoint-redis put it in the app's env. */
    private URI cacheUrl() {
        return URI.create(ports.readSecureParameter("/ferry/" + PLAN + "/REDASH_REDIS_URL").orElseThrow(
                () -> new IllegalStateException("provision stored no ElastiCache URL for " + PLAN)));
    }

    private RecordsAnalysis drained() throws IOException {
        RecordsAnalysis analysis = RecordsAnalysis.of(records, TICK);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!analysis.lostJobs().isEmpty() && System.nanoTime() < deadline) {
            pause();
            analysis = RecordsAnalysis.of(records, TICK);
        }
        return analysis;
    }

    private String planYaml(boolean decommission) throws IOException {
        Path knownHosts = host.writeKnownHosts(root.resolve("known_hosts"));
        return SandboxPlan.named(PLAN).encryptedCache().source(host.sourceHost(knownHosts)).redashCompose(redash.directory())
                .target(aws.world(), PLAN, 16).edge(aws.world(), 2)
                .steps("  - id: upgrade-local-postgres\n    options:\n      targetMajor: 15\n"
                        + "      backupDir: " + root.resolve("var/backups/ferry") + "\n"
                        + "  - id: provision\n"
                        + "  - id: move-database\n    options:\n      method: replicate\n      copyBack: true\n"
                        + "      workDirectory: " + Files.createDirectories(root.resolve("tmp")) + "\n"
                        + "  - id: repoint-redis\n    options:\n      drainTimeout: 2m\n"
                        + "  - id: start-fargate-workers\n"
                        + "  - id: handoff-scheduler\n    options:\n      stopTimeout: 30s\n"
                        + "  - id: verify-temporary-domain\n    options:\n      attempts: 5\n"
                        + "  - id: cutover-server\n    options:\n      aliasTtl: 2s\n"
                        + (decommission ? "  - id: decommission\n" : ""))
                .yaml();
    }

    private int serverPort() throws IOException {
        Matcher m = Pattern.compile("\"(\\d+):5000\"").matcher(Files.readString(redash.composeFile()));
        if (!m.find()) {
            throw new IllegalStateException("the sandbox compose file publishes no server port");
        }
        return Integer.parseInt(m.group(1));
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops every process both sandboxes started and deletes the rehearsal's files. */
    @Override
    public void close() {
        internet.close();
        ports.close();
        aws.close();
        host.close();
        try (var files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            System.err.println("demo: cannot delete " + root + ": " + e.getMessage());
        }
    }
}
