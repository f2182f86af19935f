package dev.ferry.testing;

import dev.ferry.step.AwsPorts;
import dev.ferry.aws.AwsSettings;
import dev.ferry.aws.SdkAwsPorts;
import dev.ferry.step.DatabasePorts.ConnectionSpec;
import dev.ferry.database.TunneledDatabase;
import dev.ferry.step.Adapters;
import dev.ferry.host.ContainerEndpoint;
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
import dev.ferry.wiring.Wiring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Both sandboxes for a CLI test: a compose host over real SSH running a seeded Redash (every service up), the AWS
 * endpoint, and the CLI wired to them with real adapters (SSH, SDK, PostgreSQL through tunnels via the host).
 */
public final class SandboxWorlds implements AutoCloseable {

    public final Path root;
    public final SandboxHost host;
    public final RedashSandbox redash;
    public final SandboxAws aws;
    public final SourceHost source;
    public final Path plan;
    private final String planName;
    private Wiring wiring;

    private SandboxWorlds(Path root, SandboxHost host, RedashSandbox redash, SandboxAws aws, String planName) {
        this.root = root;
        this.host = host;
        this.redash = redash;
        this.aws = aws;
        this.source = host.sourceHost(host.writeKnownHosts(root.resolve("known_hosts")));
        this.plan = root.resolve("plan.yaml");
        this.planName = planName;
    }

    /** Starts both worlds with the compose postgres on {@code postgresImage}; call {@link #plan} before running ferry. */
    public static SandboxWorlds start(String planName, String postgresImage) throws Exception {
        Path root = Files.createTempDirectory(Path.of("/tmp"), "ferry-" + planName + "-");
        SandboxHost host = SandboxHost.start(root);
        try {
            RedashSandbox redash = RedashSandbox.seed(host, postgresImage);
            redash.docker("up -d").orThrow("docker compose up -d");
            SandboxAws aws = SandboxAws.start(SandboxWorld.defaults(), Delays.fast(), root.resolve("aws"));
            return new SandboxWorlds(root, host, redash, aws, planName);
        } catch (Exception | Error e) {
            host.close();
            throw e;
        }
    }

    /** Writes the plan (Redash compose, RDS on {@code rdsMajor}, these steps) and wires the CLI to the sandboxes. */
    public void plan(int rdsMajor, String stepsYaml) throws Exception {
        Files.writeString(plan, SandboxPlan.named(planName).source(source).redashCompose(redash.directory())
                .target(aws.world(), planName, rdsMajor).edge(aws.world(), 2).steps(stepsYaml).yaml());
        AwsSettings settings = AwsSettings.defaults().withRegion(aws.region().id()).withEndpoint(aws.endpoint())
                .withCredentials(aws.credentials()).withWaiterPollInterval(Duration.ofMillis(300));
        SshConnector ssh = new SshConnector(SshOptions.isolated());
        wiring = Wiring.real().withAdapters(Adapters.unavailable().withHosts(ssh)
                .withAws(Adapters.lazy(AwsPorts.class, () -> SdkAwsPorts.connect(settings)))
                .withDatabase(TunneledDatabase.via(ssh, new PlanLoader().load(plan).plan().source())));
    }

    /** The CLI's wiring to both sandboxes (set by {@link #plan}). */
    public Wiring wiring() {
        if (wiring == null) {
            throw new IllegalStateException("write the plan first: SandboxWorlds.plan(...)");
        }
        return wiring;
    }

    /** The compose postgres as this machine reaches it (sandbox containers are local processes). */
    public ConnectionSpec local() throws Exception {
        return new ConnectionSpec("127.0.0.1", postgresPort(redash), "postgres", "postgres", redash.postgresPassword());
    }

    /**
     * The port the compose postgres listens on at 127.0.0.1 (each sandbox container is a local process there): where
     * ferry itself reaches it ({@link ContainerEndpoint}), read from the stand-in's {@code docker inspect}.
     */
    public static int postgresPort(RedashSandbox redash) {
        String id = redash.docker("ps -q postgres").orThrow("docker compose ps postgres").stdout().strip();
        String inspect = redash.host().console("docker inspect " + id, "").orThrow("docker inspect postgres").stdout();
        return ContainerEndpoint.of(inspect, "postgres", 5432).port();
    }

    /** RDS as the env file names it after the move (with the master password). */
    public ConnectionSpec rdsFromEnvFile() throws Exception {
        return EnvValues.databaseUrl(redash.envFile());
    }

    public List<String> running() {
        return redash.docker("ps --services --filter status=running").orThrow("ps").stdout().lines().toList();
    }

    @Override
    public void close() {
        aws.close();
        host.close();
    }
}
