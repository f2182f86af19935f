package dev.ferry.steps;

import dev.ferry.aws.AwsSettings;
import dev.ferry.aws.SdkAwsPorts;
import dev.ferry.host.SshConnector;
import dev.ferry.host.SshOptions;
import dev.ferry.sandbox.SandboxPlan;
import dev.ferry.sandbox.aws.Delays;
import dev.ferry.sandbox.aws.SandboxAws;
import dev.ferry.sandbox.aws.SandboxWorld;
import dev.ferry.sandbox.host.RedashSandbox;
import dev.ferry.sandbox.host.SandboxHost;
import dev.ferry.sandbox.host.StandInAppLauncher;
import dev.ferry.step.Adapters;
import dev.ferry.step.AwsPorts;
import dev.ferry.wiring.Wiring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A compose host over SSH with Redash running (its env file plus {@code extraEnv}), the sandbox AWS, and a plan
 * {@code name} that provisions a TLS cache with an AUTH token and repoints Redis to it.
 */
record EncryptedCacheWorld(Path root, Path plan, SandboxHost host, RedashSandbox redash, SandboxAws aws,
                           AwsSettings settings, AwsPorts ports, Wiring wiring) implements AutoCloseable {

    static EncryptedCacheWorld start(String name, String extraEnv) throws Exception {
        Path root = Files.createTempDirectory(Path.of("/tmp"), "ferry-" + name + "-");
        SandboxHost host = SandboxHost.start(root, StandInAppLauncher.class);
        StandInAppLauncher.configure(host, Map.of("STANDIN_TICK_MILLIS", "500"));
        RedashSandbox redash = RedashSandbox.seed(host);
        Files.writeString(redash.envFile(), Files.readString(redash.envFile()) + extraEnv);
        redash.docker("up -d").orThrow("docker compose up -d");
        SandboxAws aws = SandboxAws.start(SandboxWorld.defaults(), Delays.fast(), root.resolve("aws"));
        AwsSettings settings = AwsSettings.defaults().withRegion(aws.region().id()).withEndpoint(aws.endpoint())
                .withCredentials(aws.credentials()).withWaiterPollInterval(Duration.ofMillis(300));
        AwsPorts ports = SdkAwsPorts.connect(settings);
        Path knownHosts = host.writeKnownHosts(root.resolve("known_hosts"));
        Path plan = root.resolve("plan.yaml");
        Files.writeString(plan, SandboxPlan.named(name).encryptedCache().source(host.sourceHost(knownHosts))
                .redashCompose(redash.directory()).target(aws.world(), name, 16).edge(aws.world(), 2)
                .steps("  - id: provision\n  - id: repoint-redis\n    options:\n      drainTimeout: 2m\n").yaml());
        Wiring wiring = Wiring.real().withAdapters(Adapters.unavailable().withHosts(new SshConnector(SshOptions.isolated()))
                .withAws(ports));
        return new EncryptedCacheWorld(root, plan, host, redash, aws, settings, ports, wiring);
    }

    @Override
    public void close() {
        aws.close();
        host.close();
    }
}
