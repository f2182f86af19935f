package dev.ferry.bench;

import dev.ferry.step.AwsPorts;
import dev.ferry.step.AwsRequests.CacheClusterRequest;
import dev.ferry.step.AwsRequests.DbInstanceRequest;
import dev.ferry.aws.AwsSettings;
import dev.ferry.aws.SdkAwsPorts;
import dev.ferry.step.Adapters;
import dev.ferry.engine.Migration;
import dev.ferry.engine.PlannedStep;
import dev.ferry.engine.Runner;
import dev.ferry.engine.ScriptedOperator;
import dev.ferry.host.SshConnector;
import dev.ferry.host.SshOptions;
import dev.ferry.plan.LoadedPlan;
import dev.ferry.plan.Plan;
import dev.ferry.plan.PlanLoader;
import dev.ferry.sandbox.SandboxPlan;
import dev.ferry.sandbox.aws.Delays;
import dev.ferry.sandbox.aws.SandboxAws;
import dev.ferry.sandbox.aws.SandboxWorld;
import dev.ferry.sandbox.host.RedashSandbox;
import dev.ferry.sandbox.host.SandboxHost;
import dev.ferry.steps.PlanNames;
import dev.ferry.steps.StepLibrary;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Provisioning wall time in the sandbox with realistic delays (scaled): each resource created and awaited on its own,
 * one after the other (sequential), against the provision step, which creates them at once and waits in parallel.
 * Prints both, the slowest single resource, and the ratios. Usage: bench/provision.sh [--scale 0.1]
 */
public final class ProvisionBenchmark {
    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    public static void main(String[] args) throws Exception {
        double scale = args.length >= 2 && args[0].equals("--scale") ? Double.parseDouble(args[1]) : 0.1;
        Path root = Files.createTempDirectory(Path.of("/tmp"), "ferry-bench-provision-");
        try (SandboxHost host = SandboxHost.start(root);
             SandboxAws aws = SandboxAws.start(SandboxWorld.defaults(), Delays.realistic().scaled(scale), root.resolve("aws"))) {
            RedashSandbox redash = RedashSandbox.layDown(host);
            AwsSettings settings = AwsSettings.defaults().withRegion(aws.region().id()).withEndpoint(aws.endpoint())
                    .withCredentials(aws.credentials()).withWaiterPollInterval(Duration.ofMillis(500));
            Path knownHosts = host.writeKnownHosts(root.resolve("known_hosts"));
            try (SdkAwsPorts ports = SdkAwsPorts.connect(settings)) {
                Plan sequentialPlan = plan(host, redash, aws, knownHosts, "bench-seq").plan();
                Map<String, Duration> single = sequential(ports, sequentialPlan);
                Duration slowest = single.values().stream().max(Duration::compareTo).orElseThrow();
                Duration sum = single.values().stream().reduce(Duration.ZERO, Duration::plus);
                Duration parallel = parallel(ports, plan(host, redash, aws, knownHosts, "bench-par"), root);
                report(scale, single, slowest, sum, parallel);
            }
        }
    }

    private static LoadedPlan plan(SandboxHost host, RedashSandbox redash, SandboxAws aws, Path knownHosts, String name)
            throws Exception {
        String yaml = SandboxPlan.named(name).source(host.sourceHost(knownHosts)).redashCompose(redash.directory())
                .target(aws.world(), name, 16).edge(aws.world(), 60).steps("  - id: provision\n").yaml();
        Path file = host.root().resolve(name + ".yaml");
        Files.writeString(file, yaml);
        return new PlanLoader().load(file);
    }

    /** The slow resources one at a time, each created and awaited before the next starts. */
    private static Map<String, Duration> sequential(AwsPorts aws, Plan plan) {
        PlanNames names = new PlanNames(plan);
        var net = plan.target().network();
        var tags = names.tags();
        Map<String, Duration> times = new java.util.LinkedHashMap<>();
        String sg = aws.ensureSecurityGroup(names.databaseSecurityGroup(), net.vpcId(), "bench", tags);
        times.put("rds instance", timed(() -> {
            aws.ensureDbSubnetGroup(names.dbSubnetGroup(), net.subnetIds(), tags);
            aws.putSecureParameter(names.parameter(PlanNames.DATABASE_PASSWORD), "bench-password-0123456789abcdef", tags);
            var db = plan.target().database();
            aws.ensureDbInstance(new DbInstanceRequest(db.identifier(), db.engineVersion(), db.instanceClass(),
                    db.allocatedStorageGb(), db.databaseName(), db.masterUsername(),
                    names.parameter(PlanNames.DATABASE_PASSWORD), names.dbSubnetGroup(), "default.postgres16", sg,
                    db.backupRetentionDays(), db.multiAz(), tags));
            aws.awaitDbInstance(db.identifier(), TIMEOUT);
        }));
        times.put("elasticache cluster", timed(() -> {
            aws.ensureCacheSubnetGroup(names.cacheSubnetGroup(), net.subnetIds(), tags);
            var cache = plan.target().cache();
            aws.ensureCacheCluster(new CacheClusterRequest(cache.clusterId(), cache.nodeType(), cache.engineVersion(),
                    names.cacheSubnetGroup(), sg, tags));
            aws.awaitCacheCluster(cache.clusterId(), TIMEOUT);
        }));
        times.put("ecs cluster", timed(() -> aws.ensureCluster(plan.target().ecs().cluster(), tags)));
        return times;
    }

    private static Duration parallel(AwsPorts aws, LoadedPlan loaded, Path root) {
        StepLibrary library = new StepLibrary();
        List<PlannedStep> steps = loaded.plan().steps().stream()
                .map(s -> new PlannedStep(s, library.forId(s.id()))).toList();
        Adapters adapters = Adapters.unavailable().withHosts(new SshConnector(SshOptions.isolated())).withAws(aws);
        Migration migration = new Migration(loaded.plan(), loaded.digest(), steps, root.resolve("state-par"), adapters,
                Clock.systemUTC(), new PrintStream(PrintStream.nullOutputStream()));
        return timed(() -> new Runner(migration, new ScriptedOperator(Set.of())).run(false, Optional.empty()));
    }

    private static Duration timed(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static void report(double scale, Map<String, Duration> single, Duration slowest, Duration sum,
                               Duration parallel) {
        System.out.printf("provisioning in the sandbox, realistic delays x %.2f (RDS and ElastiCache dominate)%n", scale);
        single.forEach((name, d) -> System.out.printf("  %-22s %7.1f s  (alone)%n", name, seconds(d)));
        System.out.printf("  %-22s %7.1f s%n", "sequential (sum)", seconds(sum));
        System.out.printf("  %-22s %7.1f s  (the whole provision step)%n", "parallel", seconds(parallel));
        System.out.printf("parallel / slowest single resource = %.2f (target <= 1.15)%n", seconds(parallel) / seconds(slowest));
        System.out.printf("parallel / sequential               = %.2f%n", seconds(parallel) / seconds(sum));
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
