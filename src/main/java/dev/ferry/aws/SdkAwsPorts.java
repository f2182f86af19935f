package dev.ferry.aws;

import dev.ferry.step.AwsDeletions.SecurityGroupDeletion;
import dev.ferry.step.AwsDeletions.DbSubnetGroupDeletion;
import dev.ferry.step.AwsDeletions.DbParameterGroupDeletion;
import dev.ferry.step.AwsDeletions.CacheSubnetGroupDeletion;
import dev.ferry.step.AwsDeletions.LogGroupDeletion;
import dev.ferry.step.AwsDeletions.ClusterDeletion;
import dev.ferry.step.AwsDeletions.TargetGroupDeletion;
import dev.ferry.step.AwsDeletions.ParametersDeletion;
import dev.ferry.step.AwsDeletions.CacheClusterDeletion;
import dev.ferry.step.AwsDeletions.DbProtectionRequest;
import dev.ferry.step.AwsDeletions.DbInstanceDeletionRequest;
import dev.ferry.step.AwsPorts;
import dev.ferry.step.AwsChanges.IngressRequest;
import dev.ferry.step.AwsChanges.ListenerRuleDeletion;
import dev.ferry.step.AwsChanges.ListenerRuleRequest;
import dev.ferry.step.AwsChanges.RuleIngressRequest;
import dev.ferry.step.AwsChanges.SecureParameterRequest;
import dev.ferry.step.AwsChanges.ServiceDeletionRequest;
import dev.ferry.step.AwsChanges.ServiceScaleRequest;
import dev.ferry.step.AwsRequests.TaskDefinitionRequest;
import dev.ferry.step.AwsRequests.TargetGroupRequest;
import dev.ferry.step.AwsRequests.ServiceRequest;
import dev.ferry.step.AwsRequests.SecurityGroupRequest;
import dev.ferry.step.AwsRequests.LogGroupRequest;
import dev.ferry.step.AwsRequests.DbSubnetGroupRequest;
import dev.ferry.step.AwsRequests.DbParameterGroupRequest;
import dev.ferry.step.AwsRequests.DbInstanceRequest;
import dev.ferry.step.AwsRequests.ClusterRequest;
import dev.ferry.step.AwsRequests.CacheSubnetGroupRequest;
import dev.ferry.step.AwsRequests.CacheClusterRequest;
import dev.ferry.plan.Target;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@link AwsPorts} on AWS SDK v2: a façade over one small class per service. Construct it from the plan's target plus
 * any command-line overrides, and close it at the end of the run:
 * <pre>{@code
 * try (SdkAwsPorts aws = SdkAwsPorts.connect(AwsSettings.of(plan.target()).withProfile(profileFlag)
 *         .withRegion(regionFlag).withEndpoint(endpointFlag))) { ... }
 * }</pre>
 */
public final class SdkAwsPorts implements AwsPorts, AutoCloseable {
    private final AwsClients clients;
    private final Ec2Ops ec2;
    private final IngressRuleOps ingressRules;
    private final RdsGroupOps rdsGroups;
    private final DbInstanceOps db;
    private final CacheOps cache;
    private final ReplicationGroupOps replicationGroups;
    private final SsmOps ssm;
    private final LogsOps logs;
    private final EcsOps ecs;
    private final TaskDefinitionOps taskDefinitions;
    private final ElbOps elb;
    private final DnsOps dns;
    private final SdkAwsChecks checks;

    public SdkAwsPorts(AwsClients clients) {
        this(clients, Clock.systemUTC());
    }

    SdkAwsPorts(AwsClients clients, Clock clock) {
        AwsSettings settings = clients.settings();
        this.clients = clients;
        this.ec2 = new Ec2Ops(clients.ec2(), settings);
        this.ingressRules = new IngressRuleOps(clients.ec2(), settings);
        this.ssm = new SsmOps(clients.ssm(), settings);
        this.rdsGroups = new RdsGroupOps(clients.rds(), settings);
        this.db = new DbInstanceOps(clients.rds(), ssm, settings, clock);
        this.cache = new CacheOps(clients.elastiCache(), settings);
        this.replicationGroups = new ReplicationGroupOps(clients.elastiCache(), ssm, settings);
        this.logs = new LogsOps(clients.logs(), settings);
        this.ecs = new EcsOps(clients.ecs(), settings);
        this.taskDefinitions = new TaskDefinitionOps(clients.ecs(), settings);
        this.elb = new ElbOps(clients.elb(), settings);
        this.dns = new DnsOps(clients.route53(), settings);
        this.checks = new SdkAwsChecks(clients, this);
    }

    public static SdkAwsPorts connect(AwsSettings settings) {
        return new SdkAwsPorts(AwsClients.create(settings));
    }

    public static SdkAwsPorts connect(Target target) {
        return connect(AwsSettings.of(target));
    }

    /** The clients underneath, e.g. for {@link AwsClients#identity()} in a preflight. */
    public AwsClients clients() {
        return clients;
    }

    @Override
    public String ensureSecurityGroup(SecurityGroupRequest request) {
        return ec2.ensureSecurityGroup(request);
    }

    @Override
    public void allowIngress(IngressRequest request, Owner owner) {
        ec2.allowIngress(request, owner);
    }

    @Override
    public IngressRule openIngress(RuleIngressRequest request) {
        return ingressRules.open(request);
    }

    @Override
    public List<String> revokeIngress(RuleIngressRequest request, Owner owner) {
        return ingressRules.revoke(request, owner);
    }

    @Override
    public void deleteSecurityGroup(SecurityGroupDeletion deletion, Owner owner) {
        ec2.deleteSecurityGroup(deletion, owner);
    }

    @Override
    public void ensureDbSubnetGroup(DbSubnetGroupRequest request) {
        rdsGroups.ensureDbSubnetGroup(request);
    }

    @Override
    public void ensureDbParameterGroup(DbParameterGroupRequest request) {
        rdsGroups.ensureDbParameterGroup(request);
    }

    @Override
    public void ensureDbInstance(DbInstanceRequest request) {
        db.ensureDbInstance(request);
    }

    @Override
    public String awaitDbInstance(DbProtectionRequest protection, Duration timeout) {
        return db.awaitDbInstance(protection, timeout);
    }


    @Override
    public Optional<String> deleteDbInstance(DbInstanceDeletionRequest deletion, Duration timeout, Owner owner) {
        return db.deleteDbInstance(deletion, timeout, owner);
    }

    @Override
    public void deleteDbSubnetGroup(DbSubnetGroupDeletion deletion, Owner owner) {
        rdsGroups.deleteDbSubnetGroup(deletion, owner);
    }

    @Override
    public void deleteDbParameterGroup(DbParameterGroupDeletion deletion, Owner owner) {
        rdsGroups.deleteDbParameterGroup(deletion, owner);
    }

    @Override
    public void ensureCacheSubnetGroup(CacheSubnetGroupRequest request) {
        cache.ensureCacheSubnetGroup(request);
    }

    @Override
    public void ensureCacheCluster(CacheClusterRequest request) {
        cache.ensureCacheCluster(request);
    }

    @Override
    public String awaitCacheCluster(String clusterId, Duration timeout) {
        return cache.awaitCacheCluster(clusterId, timeout);
    }

    @Override
    public void deleteCacheCluster(CacheClusterDeletion deletion, Duration timeout, Owner owner) {
        cache.deleteCacheCluster(deletion, timeout, owner);
    }

    @Override
    public void ensureReplicationGroup(dev.ferry.step.AwsRequests.ReplicationGroupRequest request) {
        replicationGroups.ensure(request);
    }

    @Override
    public String awaitReplicationGroup(String groupId, Duration timeout) {
        return replicationGroups.await(groupId, timeout);
    }

    @Override
    public void deleteReplicationGroup(dev.ferry.step.AwsDeletions.ReplicationGroupDeletion deletion, Duration timeout,
                                       Owner owner) {
        replicationGroups.delete(deletion, timeout, owner);
    }

    @Override
    public void deleteCacheSubnetGroup(CacheSubnetGroupDeletion deletion, Owner owner) {
        cache.deleteCacheSubnetGroup(deletion, owner);
    }

    @Override
    public boolean putSecureParameter(SecureParameterRequest request, Supplier<String> value) {
        return ssm.putSecureParameter(request, value);
    }

    @Override
    public Optional<String> readSecureParameter(String name) {
        return ssm.readSecureParameter(name);
    }

    @Override
    public void deleteParameters(ParametersDeletion deletion, Owner owner) {
        ssm.deleteParameters(deletion, owner);
    }

    @Override
    public void ensureLogGroup(LogGroupRequest request) {
        logs.ensureLogGroup(request);
    }

    @Override
    public void deleteLogGroup(LogGroupDeletion deletion, Owner owner) {
        logs.deleteLogGroup(deletion, owner);
    }

    @Override
    public String ensureCluster(ClusterRequest request) {
        return ecs.ensureCluster(request);
    }

    @Override
    public void deleteCluster(ClusterDeletion deletion, Owner owner) {
        ecs.deleteCluster(deletion, owner);
    }

    @Override
    public String registerTaskDefinition(TaskDefinitionRequest request) {
        return taskDefinitions.register(request);
    }

    @Override
    public void deregisterTaskDefinitions(String family, Owner owner) {
        taskDefinitions.deregisterAll(family, owner);
    }

    @Override
    public void ensureService(ServiceRequest request) {
        ecs.ensureService(request);
    }

    @Override
    public void scaleService(ServiceScaleRequest request, Owner owner) {
        ecs.scaleService(request, owner);
    }

    @Override
    public void awaitServiceStable(String cluster, String service, Duration timeout) {
        ecs.awaitServiceStable(cluster, service, timeout);
    }

    @Override
    public int runningTaskCount(String cluster, String service) {
        return ecs.runningTaskCount(cluster, service);
    }

    @Override
    public void deleteService(ServiceDeletionRequest request, Duration timeout, Owner owner) {
        ecs.deleteService(request, timeout, owner);
    }

    @Override
    public String ensureTargetGroup(TargetGroupRequest request) {
        return elb.ensureTargetGroup(request);
    }

    @Override
    public void ensureListenerRule(ListenerRuleRequest request, Owner owner) {
        elb.ensureListenerRule(request, owner);
    }

    @Override
    public void deleteListenerRule(ListenerRuleDeletion deletion, Owner owner) {
        elb.deleteListenerRule(deletion, owner);
    }

    @Override
    public void deleteTargetGroup(TargetGroupDeletion deletion, Owner owner) {
        elb.deleteTargetGroup(deletion, owner);
    }

    @Override
    public LoadBalancerAlias loadBalancerOf(String listenerArn) {
        return elb.loadBalancerOf(listenerArn);
    }

    @Override
    public List<String> loadBalancerSecurityGroups(String listenerArn) {
        return elb.loadBalancerSecurityGroups(listenerArn);
    }

    @Override
    public int healthyTargets(String targetGroupArn) {
        return elb.healthyTargets(targetGroupArn);
    }

    @Override
    public Optional<DnsRecord> readRecord(String hostedZoneId, String name) {
        return dns.readRecord(hostedZoneId, name);
    }

    @Override
    public void upsertRecord(String hostedZoneId, DnsRecord record, Duration timeout) {
        dns.upsertRecord(hostedZoneId, record, timeout);
    }

    @Override
    public void deleteRecord(String hostedZoneId, DnsRecord written, Duration timeout) {
        dns.deleteRecord(hostedZoneId, written, timeout);
    }

    @Override
    public void restoreRecord(String hostedZoneId, DnsRecord previous, List<DnsRecord> written, Duration timeout) {
        dns.restoreRecord(hostedZoneId, previous, written, timeout);
    }

    @Override
    public dev.ferry.step.AwsChecks checks() {
        return checks;
    }

    @Override
    public void close() {
        clients.close();
    }

    @Override
    public String toString() {
        return "AWS SDK adapter (" + clients.region().id() + ")";
    }
}
