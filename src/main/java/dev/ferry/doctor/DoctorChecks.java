package dev.ferry.doctor;

import dev.ferry.database.VerifiedTls;
import dev.ferry.plan.DatabaseSpec;
import dev.ferry.step.Check;
import dev.ferry.steps.PlanNames;
import static dev.ferry.plan.StepIds.CUTOVER_SERVER;
import static dev.ferry.plan.StepIds.DECOMMISSION;
import static dev.ferry.plan.StepIds.HANDOFF_SCHEDULER;
import static dev.ferry.plan.StepIds.MOVE_DATABASE;
import static dev.ferry.plan.StepIds.PROVISION;
import static dev.ferry.plan.StepIds.REPOINT_REDIS;
import static dev.ferry.plan.StepIds.START_FARGATE_WORKERS;
import static dev.ferry.plan.StepIds.UPGRADE_LOCAL_POSTGRES;
import static dev.ferry.plan.StepIds.VERIFY_TEMPORARY_DOMAIN;

import dev.ferry.step.AwsAccess;
import dev.ferry.step.AwsChecks;
import dev.ferry.step.Adapters;
import dev.ferry.plan.Plan;
import dev.ferry.plan.ServiceRole;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What {@code ferry doctor} checks for a plan: what its remaining steps need, as probes in two lanes (the source
 * host, AWS) that run side by side. Built-in steps only; hook steps run local commands and need none of this.
 */
public final class DoctorChecks implements AutoCloseable {
    private enum Need { HOST, COMPOSE, SUDO, BACKUP_ROOM, MOVE_ROOM, AWS, NETWORK, LISTENER, ZONE, RECORD }

    private static final Map<String, Set<Need>> NEEDS = Map.of(
            UPGRADE_LOCAL_POSTGRES, EnumSet.of(Need.HOST, Need.COMPOSE, Need.SUDO, Need.BACKUP_ROOM),
            PROVISION, EnumSet.of(Need.HOST, Need.AWS, Need.NETWORK, Need.LISTENER),
            MOVE_DATABASE, EnumSet.of(Need.HOST, Need.COMPOSE, Need.MOVE_ROOM, Need.AWS),
            REPOINT_REDIS, EnumSet.of(Need.HOST, Need.COMPOSE),
            START_FARGATE_WORKERS, EnumSet.of(Need.HOST, Need.COMPOSE, Need.AWS),
            HANDOFF_SCHEDULER, EnumSet.of(Need.HOST, Need.COMPOSE, Need.AWS),
            VERIFY_TEMPORARY_DOMAIN, EnumSet.of(Need.AWS, Need.LISTENER, Need.ZONE),
            CUTOVER_SERVER, EnumSet.of(Need.HOST, Need.COMPOSE, Need.AWS, Need.LISTENER, Need.ZONE, Need.RECORD),
            DECOMMISSION, EnumSet.of(Need.HOST, Need.COMPOSE, Need.SUDO));

    private final Plan plan;
    private final List<String> remaining;
    private final Set<String> done;
    private final Adapters adapters;
    private final PlanNames names;
    private final Set<Need> needs = EnumSet.noneOf(Need.class);
    private final HostChecks host;

    /** {@code remaining}: the steps not applied (or skipped) yet, in plan order; {@code done}: the others. */
    public DoctorChecks(Plan plan, List<String> remaining, Set<String> done, Adapters adapters) {
        this.plan = plan;
        this.remaining = List.copyOf(remaining);
        this.done = Set.copyOf(done);
        this.adapters = adapters;
        this.names = new PlanNames(plan);
        this.remaining.forEach(id -> needs.addAll(NEEDS.getOrDefault(id, Set.of())));
        this.host = new HostChecks(plan, adapters.hosts());
    }

    /** The host lane, then the AWS lane; either is left out when no remaining step needs it. */
    public List<List<Probe>> lanes() {
        return List.of(hostLane(), awsLane()).stream().filter(lane -> !lane.isEmpty()).toList();
    }

    private List<Probe> hostLane() {
        List<Probe> lane = new ArrayList<>();
        if (!needs.contains(Need.HOST)) {
            return lane;
        }
        lane.add(Probe.of("ssh", host::ssh));
        if (needs.contains(Need.SUDO) && !"root".equals(plan.source().user())) {
            lane.add(Probe.of("sudo", host::sudo).after("ssh"));
        }
        if (needs.contains(Need.COMPOSE)) {
            lane.add(Probe.of("docker-compose", host::composeTool).after("ssh"));
            lane.add(Probe.of("compose-file", () -> host.composeFile(composeServices())).after("ssh"));
        }
        Collection<String> keys = envKeys();
        if (!keys.isEmpty()) {
            lane.add(Probe.of("env-file", () -> host.envFile(keys)).after("ssh"));
        }
        if (needs.contains(Need.BACKUP_ROOM)) {
            lane.add(Probe.of("disk:upgrade-backup", host::backupRoom).after("ssh", "sudo", "docker-compose"));
        }
        if (needs.contains(Need.MOVE_ROOM)) {
            lane.add(Probe.of("disk:move-database", host::moveRoom).after("ssh", "docker-compose", "env-file"));
            if (host.replicates()) {
                lane.add(Probe.of("postgres:logical-replication", host::replication)
                        .after("ssh", "docker-compose", "env-file"));
            }
            if (host.publishes()) {
                boolean upgradeToRun = remaining.contains(UPGRADE_LOCAL_POSTGRES);
                lane.add(Probe.of("postgres:published-port", () -> host.publishedPort(upgradeToRun))
                        .after("ssh", "docker-compose"));
            }
        }
        return lane;
    }

    private List<Probe> awsLane() {
        List<Probe> lane = new ArrayList<>();
        if (!needs.contains(Need.AWS)) {
            return lane;
        }
        Supplier<AwsChecks> aws = () -> adapters.aws().checks();
        lane.add(Probe.of("aws-identity", () -> aws.get().identity()));
        for (AwsAccess access : accesses()) {
            lane.add(Probe.of(access.action(), () -> aws.get().allowed(access)).after("aws-identity"));
        }
        if (remaining.contains(MOVE_DATABASE)) {
            lane.add(Probe.of("rds-ca-bundle", this::caBundle));
        }
        if (needs.contains(Need.NETWORK)) {
            lane.add(Probe.of("subnets", () -> aws.get().network(plan.target().network().vpcId(),
                    plan.target().network().subnetIds())).after("aws-identity"));
        }
        if (needs.contains(Need.LISTENER)) {
            lane.add(Probe.of("listener", () -> aws.get().listener(plan.edge().listenerArn())).after("aws-identity"));
        }
        if (needs.contains(Need.ZONE)) {
            lane.add(Probe.of("hosted-zone", () -> aws.get().hostedZone(plan.edge().hostedZoneId()))
                    .after("aws-identity"));
        }
        if (needs.contains(Need.RECORD)) {
            lane.add(Probe.of("dns-record", () -> aws.get().record(plan.edge().hostedZoneId(), plan.edge().domain(),
                    plan.edge().loweredTtl())).after("aws-identity", "hosted-zone"));
        }
        return lane;
    }

    /** The bundle every connection to RDS verifies against: move-database stops at its first check without it. */
    private Check caBundle() {
        String path = plan.target().database().caBundlePath().toString();
        return VerifiedTls.problem(path).map(problem -> Check.fail(problem, "Download AWS's bundle: curl -fsSo " + path
                        + " " + DatabaseSpec.GLOBAL_BUNDLE_URL + " (or set target.database.caBundle)"))
                .orElseGet(() -> Check.ok(path + " holds PEM certificates (connections to RDS use sslmode=verify-full)"));
    }

    private AwsAccess cacheAccess() {
        String id = plan.target().cache().clusterId();
        return plan.target().cache().legacyCluster() ? new AwsAccess.CacheCluster(id) : new AwsAccess.ReplicationGroup(id);
    }

    /** One read-only call per IAM action the remaining steps use that no other check proves. */
    private Collection<AwsAccess> accesses() {
        Map<String, AwsAccess> byAction = new LinkedHashMap<>();
        String cluster = plan.target().ecs().cluster();
        List<AwsAccess> wanted = new ArrayList<>();
        if (remaining.contains(PROVISION)) {
            wanted.addAll(List.of(new AwsAccess.SecurityGroups(plan.target().network().vpcId()),
                    new AwsAccess.DbInstance(plan.target().database().identifier()),
                    cacheAccess(), new AwsAccess.Parameters(),
                    new AwsAccess.LogGroups(plan.target().ecs().logGroup()), new AwsAccess.Cluster(cluster),
                    new AwsAccess.TargetGroup(names.targetGroup())));
        }
        if (remaining.contains(MOVE_DATABASE)) {
            wanted.add(new AwsAccess.Parameter(names.parameter(PlanNames.DATABASE_PASSWORD)));
            if (host.replicates()) {
                wanted.add(new AwsAccess.SecurityGroupRules(plan.target().network().hostSecurityGroupId()));
            }
        }
        for (String step : List.of(START_FARGATE_WORKERS, HANDOFF_SCHEDULER)) {
            List<String> services = ecsNames(step.equals(HANDOFF_SCHEDULER) ? ServiceRole.SCHEDULER : ServiceRole.WORKER);
            if (remaining.contains(step) && !services.isEmpty()) {
                wanted.add(new AwsAccess.Services(cluster, services));
            }
        }
        if (remaining.contains(VERIFY_TEMPORARY_DOMAIN)) {
            wanted.addAll(List.of(new AwsAccess.Rules(plan.edge().listenerArn()), new AwsAccess.TargetGroup(names.targetGroup())));
        }
        wanted.forEach(access -> byAction.putIfAbsent(access.action(), access));
        return byAction.values();
    }

    private List<String> ecsNames(ServiceRole role) {
        return names.ecsServices(role).stream().map(names::ecsName).toList();
    }

    /** The plan's compose services, minus those that applied steps removed from the compose file. */
    private Collection<String> composeServices() {
        Set<String> services = new LinkedHashSet<>(plan.compose().services().keySet());
        if (done.contains(MOVE_DATABASE)) {
            services.remove(names.databaseService());
        }
        if (done.contains(REPOINT_REDIS)) {
            services.remove(names.cacheService());
        }
        return services;
    }

    /** The env file keys the remaining steps read: carried secrets, the database and the Redis URL. */
    private Collection<String> envKeys() {
        Set<String> keys = new LinkedHashSet<>();
        if (remaining.contains(PROVISION)) {
            keys.addAll(plan.target().parameters().carry());
        }
        if (remaining.contains(MOVE_DATABASE)) {
            keys.add(plan.compose().databaseUrlKey());
        }
        if (remaining.contains(REPOINT_REDIS)) {
            keys.add(plan.compose().redisUrlKey());
        }
        return keys;
    }

    @Override
    public void close() {
        host.close();
    }
}
