package dev.ferry.sandbox.aws;

import dev.ferry.sandbox.local.HttpsProxy;
import dev.ferry.sandbox.local.SandboxTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * A local AWS endpoint for rehearsals and tests: the subset of EC2, RDS, ElastiCache, SSM, CloudWatch Logs, ECS,
 * ELBv2, Route53, STS and S3 (shared state, {@link SandboxWorld#STATE_BUCKET}) that ferry calls, reached by the real
 * SDK through {@code endpointOverride(endpoint())}.
 * RDS instances are real PostgreSQL servers, ElastiCache clusters real Redis servers, ECS tasks local processes.
 * {@link #close()} stops every process it started (also from a JVM shutdown hook).
 */
public final class SandboxAws implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxAws.class);

    private final Env env;
    private final Faults faults;
    private final PostgresInstances postgres;
    private final RedisNodes redis;
    private final TaskRunner tasks;
    private final EcsScheduler scheduler;
    private final ElbHandler elb;
    private final Route53Handler route53;
    private final AwsEndpoint endpoint;
    private final SandboxTls tls;
    private final HttpsProxy listener;
    private final Thread shutdownHook = new Thread(this::stopEverything, "sandbox-aws-shutdown");
    private volatile boolean closed;

    private SandboxAws(SandboxWorld world, Delays delays, Path workDir, TaskLauncher launcher) throws IOException {
        Files.createDirectories(workDir);
        faults = new Faults(world.callerArn());
        Path serverBase = Files.createTempDirectory(Path.of("/tmp"), "ferry-sandbox-aws-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        env = new Env(world, delays, workDir.toAbsolutePath(), serverBase, Executors.newScheduledThreadPool(2,
                daemons("sandbox-aws-timer")), Executors.newCachedThreadPool(daemons("sandbox-aws-worker")));
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            postgres = new PostgresInstances(serverBase);
            redis = new RedisNodes(serverBase);
            elb = new ElbHandler(env);
            route53 = new Route53Handler(env, faults);
            EcsState ecsState = new EcsState();
            SsmHandler ssm = new SsmHandler(env);
            tasks = new TaskRunner(env, ecsState, launcher, ssm::lookup, elb);
            scheduler = new EcsScheduler(env, ecsState, tasks, elb);
            endpoint = new AwsEndpoint(protocols(ssm, ecsState));
            String zone = world.zone().name().replaceFirst("\\.$", "");
            tls = SandboxTls.create(workDir, List.of(zone, "*." + zone, world.loadBalancer().dnsName()));
            listener = HttpsProxy.start(tls, elb::route, Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        LOG.info("sandbox AWS endpoint on {} (work dir {}, servers under {}), ALB listener on {}", endpoint.uri(), workDir,
                serverBase, listener.address());
    }

    private List<Protocol> protocols(SsmHandler ssm, EcsState ecsState) {
        Ec2Handler[] ec2 = new Ec2Handler[1];
        RdsHandler rds = new RdsHandler(env, postgres, faults, id -> ec2[0].exists(id));
        ElastiCacheHandler cache = new ElastiCacheHandler(env, redis, id -> ec2[0].exists(id));
        ec2[0] = new Ec2Handler(env, id -> rds.userOf(id).or(() -> cache.userOf(id)).or(() -> serviceUsing(ecsState, id)));
        return List.of(
                QueryProtocol.ec2(faults, ec2[0]),
                QueryProtocol.query("rds", RdsHandler.NAMESPACE, faults, rds),
                QueryProtocol.query("elasticache", ElastiCacheHandler.NAMESPACE, faults, cache),
                QueryProtocol.query("elasticloadbalancing", ElbHandler.NAMESPACE, faults, elb),
                QueryProtocol.query("sts", StsHandler.NAMESPACE, faults, new StsHandler(env)),
                new JsonProtocol("ssm", faults, ssm),
                new JsonProtocol("logs", faults, new LogsHandler(env)),
                new JsonProtocol("ecs", faults, new EcsHandler(env, ecsState, tasks)),
                new S3Handler(faults, List.of(SandboxWorld.STATE_BUCKET)),
                route53);
    }

    /** Starts the endpoint with the default {@link StandInLauncher} for ECS tasks. */
    public static SandboxAws start(SandboxWorld seed, Delays delays, Path workDir) {
        return start(seed, delays, workDir, new StandInLauncher());
    }

    public static SandboxAws start(SandboxWorld seed, Delays delays, Path workDir, TaskLauncher launcher) {
        try {
            return new SandboxAws(seed, delays, workDir, launcher);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the sandbox AWS endpoint", e);
        }
    }

    /** The URI to give the SDK clients as {@code endpointOverride} (or {@code AWS_ENDPOINT_URL}). */
    public URI endpoint() {
        return endpoint.uri();
    }

    public Region region() {
        return Region.of(env.world().region());
    }

    /** Static dummy credentials; the endpoint does not check signatures. */
    public AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIASANDBOXKEY000000", "sandbox-secret"));
    }

    public Faults faults() {
        return faults;
    }

    public SandboxWorld world() {
        return env.world();
    }

    /**
     * Where the seeded ALB's HTTPS listener (port 443 at its DNS name) answers on this machine: it routes by Host
     * header through the listener rules to healthy targets, presenting the certificate of {@link #tls()}.
     */
    public InetSocketAddress loadBalancerAddress() {
        return listener.address();
    }

    /** The certificate of the ALB listener (for the hosted zone's names); clients trust it through this. */
    public SandboxTls tls() {
        return tls;
    }

    /** Resolves a name through the sandbox's hosted zones (A/AAAA records, aliases, CNAME chains). */
    public Optional<DnsAnswer> resolve(String name) {
        return route53.resolve(name);
    }

    /** The pids of every process the sandbox runs now: PostgreSQL postmasters, Redis servers, ECS task processes. */
    public Set<Long> processIds() {
        Set<Long> pids = new HashSet<>(postgres.pids());
        pids.addAll(redis.pids());
        pids.addAll(tasks.pids());
        return pids;
    }

    private static Optional<String> serviceUsing(EcsState state, String groupId) {
        return state.services().stream().filter(s -> !s.status().equals("INACTIVE") && s.networkConfiguration() != null
                        && s.networkConfiguration().toString().contains("\"" + groupId + "\""))
                .map(s -> "service:" + s.name()).findFirst();
    }

    @Override
    public void close() {
        stopEverything();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private synchronized void stopEverything() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly("endpoint", endpoint);
        closeQuietly("ALB listener", listener);
        closeQuietly("ECS scheduler", scheduler);
        closeQuietly("load balancer", elb);
        env.timer().shutdownNow();
        env.workers().shutdownNow();
        closeQuietly("ECS tasks", tasks);
        closeQuietly("PostgreSQL servers", postgres);
        closeQuietly("Redis servers", redis);
        quietly("server files", () -> deleteTree(env.serverBase()));
        LOG.info("sandbox AWS endpoint stopped");
    }

    private static void closeQuietly(String what, AutoCloseable resource) {
        if (resource != null) {
            quietly(what, () -> {
                try {
                    resource.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    private static void quietly(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("cannot stop the sandbox's {}", what, e);
        }
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ThreadFactory daemons(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
