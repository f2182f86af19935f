package dev.ferry.step;

import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The AWS operations the steps call, one typed method per action. Every "ensure" method looks for the resource first
 * (by name and the {@code ferry:plan} tag) and creates it only when missing; every "delete" method is a no-op when
 * the resource is already gone. Every method that deletes or changes an existing resource takes its {@link Owner} and
 * refuses, changing nothing, unless the resource is tagged {@code ferry:plan} with that plan's name. Implemented on
 * AWS SDK v2 in this package.
 */
public interface AwsPorts extends AutoCloseable {

    /** Creates or adopts a security group; returns its id. */
    String ensureSecurityGroup(SecurityGroupRequest request);

    default String ensureSecurityGroup(String name, String vpcId, String description, Map<String, String> tags) {
        return ensureSecurityGroup(new SecurityGroupRequest(name, vpcId, description, tags));
    }

    /** Allows TCP {@code port} from {@code sourceGroupId} only; never from a CIDR. */
    void allowIngress(String groupId, int port, String sourceGroupId, Owner owner);

    void deleteSecurityGroup(String groupId, Owner owner);

    void ensureDbSubnetGroup(DbSubnetGroupRequest request);

    default void ensureDbSubnetGroup(String name, List<String> subnetIds, Map<String, String> tags) {
        ensureDbSubnetGroup(new DbSubnetGroupRequest(name, subnetIds, tags));
    }

    void ensureDbParameterGroup(DbParameterGroupRequest request);

    default void ensureDbParameterGroup(String name, String family, Map<String, String> tags) {
        ensureDbParameterGroup(new DbParameterGroupRequest(name, family, tags));
    }

    /** Creates or adopts the instance; the master password is read from the SSM SecureString named {@code passwordParameter}. */
    void ensureDbInstance(DbInstanceRequest request);

    /** Waits with the SDK waiter until the instance is available; returns {@code host:port}. */
    String awaitDbInstance(String identifier, Duration timeout);

    /** Deletes the instance and keeps a final snapshot. */
    default void deleteDbInstance(String identifier, Duration timeout, Owner owner) {
        deleteDbInstance(identifier, timeout, true, owner);
    }

    /**
     * Lifts deletion protection, deletes the instance (with a final snapshot when {@code finalSnapshot}) and waits
     * until it is gone; returns the final snapshot's identifier when one was taken.
     */
    Optional<String> deleteDbInstance(String identifier, Duration timeout, boolean finalSnapshot, Owner owner);

    void deleteDbSubnetGroup(String name, Owner owner);

    void deleteDbParameterGroup(String name, Owner owner);

    void ensureCacheSubnetGroup(CacheSubnetGroupRequest request);

    default void ensureCacheSubnetGroup(String name, List<String> subnetIds, Map<String, String> tags) {
        ensureCacheSubnetGroup(new CacheSubnetGroupRequest(name, subnetIds, tags));
    }

    void ensureCacheCluster(CacheClusterRequest request);

    /** Waits until the cluster is available; returns {@code host:port}. */
    String awaitCacheCluster(String clusterId, Duration timeout);

    void deleteCacheCluster(String clusterId, Duration timeout, Owner owner);

    void deleteCacheSubnetGroup(String name, Owner owner);

    /**
     * Writes a SecureString unless one with the same value exists; the value never reaches a log. An existing
     * parameter is overwritten only when it is tagged for the plan in {@code tags}.
     */
    void putSecureParameter(String name, String value, Map<String, String> tags);

    /**
     * Writes a SecureString from {@code value} only when no parameter has that name; an existing one must be tagged for
     * the plan in {@code tags} and is kept as it is. Returns true when it wrote one.
     */
    boolean putSecureParameterIfAbsent(String name, Supplier<String> value, Map<String, String> tags);

    Optional<String> readSecureParameter(String name);

    /** Checks every named parameter that exists before deleting any of them. */
    void deleteParameters(List<String> names, Owner owner);

    /** Creates the group when missing; sets its retention when it differs. */
    void ensureLogGroup(LogGroupRequest request);

    default void ensureLogGroup(String name, int retentionDays, Map<String, String> tags) {
        ensureLogGroup(new LogGroupRequest(name, retentionDays, tags));
    }

    void deleteLogGroup(String name, Owner owner);

    /** Returns the cluster ARN. */
    String ensureCluster(ClusterRequest request);

    default String ensureCluster(String name, Map<String, String> tags) {
        return ensureCluster(new ClusterRequest(name, tags));
    }

    void deleteCluster(String name, Owner owner);

    /** Registers a revision unless the latest active one is identical; returns its ARN. */
    String registerTaskDefinition(TaskDefinitionRequest request);

    /** Checks every revision of the family before deregistering any of them. */
    void deregisterTaskDefinitions(String family, Owner owner);

    void ensureService(ServiceRequest request);

    void scaleService(String cluster, String service, int desiredCount, Owner owner);

    /** Waits until the service's deployments are done and runningCount equals desiredCount. */
    void awaitServiceStable(String cluster, String service, Duration timeout);

    int runningTaskCount(String cluster, String service);

    void deleteService(String cluster, String service, Duration timeout, Owner owner);

    /** Creates or adopts the (HTTP, target type ip) target group; returns its ARN. */
    String ensureTargetGroup(TargetGroupRequest request);

    default String ensureTargetGroup(String name, String vpcId, int port, String healthPath, Map<String, String> tags) {
        return ensureTargetGroup(new TargetGroupRequest(name, vpcId, port, healthPath, tags));
    }

    /**
     * A host-header rule for {@code hostNames} forwarding to the target group; it carries the target group's tags.
     * An existing rule is changed only when it is tagged for {@code owner}.
     */
    void ensureListenerRule(String listenerArn, String targetGroupArn, List<String> hostNames, int priority,
                            Owner owner);

    void deleteListenerRule(String listenerArn, String targetGroupArn, Owner owner);

    void deleteTargetGroup(String targetGroupArn, Owner owner);

    /** The DNS name and hosted zone of the listener's load balancer. */
    LoadBalancerAlias loadBalancerOf(String listenerArn);

    int healthyTargets(String targetGroupArn);

    /**
     * The security groups of the listener's load balancer, so the task group can admit it (and only it) on the
     * server port.
     */
    List<String> loadBalancerSecurityGroups(String listenerArn);

    Optional<DnsRecord> readRecord(String hostedZoneId, String name);

    /** UPSERTs the record and waits until Route53 reports INSYNC. */
    void upsertRecord(String hostedZoneId, DnsRecord record, Duration timeout);

    /**
     * Deletes the record ferry wrote as {@code written}. Route 53 records carry no tags, so the value is the proof:
     * a record whose current value differs (someone changed it since) is refused and left alone.
     */
    void deleteRecord(String hostedZoneId, DnsRecord written, Duration timeout);

    /**
     * Changes the record back to {@code previous}, only when its current value is one ferry wrote ({@code written},
     * or {@code previous} itself with the TTL ferry lowered); refuses, changing nothing, when it is anything else.
     */
    void restoreRecord(String hostedZoneId, DnsRecord previous, List<DnsRecord> written, Duration timeout);

    /** Releases the clients behind the port; nothing to release by default. */
    @Override
    default void close() {
    }

    /** Read-only probes for {@code ferry doctor}. */
    AwsChecks checks();

    /** The plan whose {@code ferry:plan} tag a resource must carry before ferry deletes or changes it. */
    record Owner(String plan) {
        public Owner {
            if (plan == null || plan.isBlank()) {
                throw new IllegalArgumentException("an owner needs a plan name");
            }
        }
    }

    /** The tag every resource ferry creates carries; its value is the plan that owns the resource. */
    String PLAN_TAG = "ferry:plan";

    /**
     * A request that renders its own dry-run preview from the fields the call is made with, so the two cannot drift.
     * {@link #calls()} lists the SDK calls it makes that change something, in order, each naming every parameter its
     * SDK request sets. A value known only at run time is a {@code <placeholder>} until the step fills it in. Values
     * are raw: the renderer masks secrets.
     */
    interface AwsRequest {
        List<SdkCall> calls();

        /** Tags as the preview shows them: {@code [k=v, ...]}, sorted by key. */
        static String tagList(Map<String, String> tags) {
            List<String> parts = new ArrayList<>();
            new TreeMap<>(tags).forEach((k, v) -> parts.add(k + "=" + v));
            return "[" + String.join(", ", parts) + "]";
        }

        static String description(Map<String, String> tags) {
            return "ferry: " + tags.get(PLAN_TAG);
        }
    }

    /**
     * One SDK call: {@code operation} is {@code service:Operation}; parameters keep their order. A {@link Map} value
     * is an environment (each value masked by its name); anything else is shown as text with URL passwords masked.
     */
    record SdkCall(String operation, List<Map.Entry<String, Object>> parameters) {

        /** {@code namesAndValues} alternate names and values; a null value is left out, as the SDK request leaves it unset. */
        public static SdkCall of(String operation, Object... namesAndValues) {
            List<Map.Entry<String, Object>> parameters = new ArrayList<>();
            for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
                if (namesAndValues[i + 1] != null) {
                    parameters.add(new AbstractMap.SimpleImmutableEntry<>((String) namesAndValues[i], namesAndValues[i + 1]));
                }
            }
            return new SdkCall(operation, List.copyOf(parameters));
        }
    }

    record SecurityGroupRequest(String name, String vpcId, String description, Map<String, String> tags)
            implements AwsRequest {
        @Override
        public List<SdkCall> calls() {
            return List.of(SdkCall.of("ec2:CreateSecurityGroup", "GroupName", name, "VpcId", vpcId,
                    "Description", description, "TagSpecifications", AwsRequest.tagList(tags)));
        }
    }

    /** HTTP to targets of type ip; any answer below 400 (a redirect to a login page included) counts as healthy. */
    record TargetGroupRequest(String name, String vpcId, int port, String healthPath, Map<String, String> tags)
            implements AwsRequest {
        public static final String HEALTHY_CODES = "200-399";

        @Override
        public List<SdkCall> calls() {
            return List.of(SdkCall.of("elbv2:CreateTargetGroup", "Name", name, "Protocol", "HTTP", "Port", port,
                    "VpcId", vpcId, "TargetType", "ip", "HealthCheckProtocol", "HTTP", "HealthCheckPath", healthPath,
                    "Matcher", "{HttpCode=" + HEALTHY_CODES + "}", "Tags", AwsRequest.tagList(tags)));
        }
    }

    record DbSubnetGroupRequest(String name, List<String> subnetIds, Map<String, String> tags) implements AwsRequest {
        public String description() {
            return AwsRequest.description(tags);
        }

        @Override
        public List<SdkCall> calls() {
            return List.of(SdkCall.of("rds:CreateDBSubnetGroup", "DBSubnetGroupName", name, "DBSubnetGroupDescription",
                    description(), "SubnetIds", subnetIds, "Tags", AwsRequest.tagList(tags)));
        }
    }

    record DbParameterGroupRequest(String name, String family, Map<String, String> tags) implements AwsRequest {
        public String description() {
            return AwsRequest.description(tags);
        }

        @Override
        public List<SdkCall> calls() {
            return List.of(SdkCall.of("rds:CreateDBParameterGroup", "DBParameterGroupName", name,
                    "DBParameterGroupFamily", family, "Description", description(), "Tags", AwsRequest.tagList(tags)));
        }
    }

    /**
     * Created unprotected ({@link #DELETION_PROTECTION}): see {@code DbInstanceOps} for why. {@code securityGroupId} is
     * a placeholder until the security group exists.
     */
    record DbInstanceRequest(String identifier, String engineVersion, String instanceClass, int allocatedStorageGb,
                             String databaseName, String masterUsername, String passwordParameter,
                             String subnetGroup, String parameterGroup, String securityGroupId,
                             int backupRetentionDays, boolean multiAz, Map<String, String> tags) implements AwsRequest {
        public static final String ENGINE = "postgres";
        public static final boolean STORAGE_ENCRYPTED = true;
        public static final boolean PUBLICLY_ACCESSIBLE = false;
        public static final boolean DELETION_PROTECTION = false;
        public static final boolean COPY_TAGS_TO_SNAPSHOT = false;
        public static final boolean AUTO_MINOR_VERSION_UPGRADE = true;

        public DbInstanceRequest withSecurityGroupId(String id) {
            return new DbInstanceRequest(identifier, engineVersion, instanceClass, allocatedStorageGb, databaseName,
                    masterUsername, passwordParameter, subnetGroup, parameterGroup, id, backupRetentionDays, multiAz,
                    tags);
        }

        @Override
        public List<SdkCall> calls() {
            return List.of(SdkCall.of("rds:CreateDBInstance", "DBInstanceIdentifier", identifier, "Engine", ENGINE,
                    "EngineVersion", engineVersion, "DBInstanceClass", instanceClass,
                    "AllocatedStorage", allocatedStorageGb, "DBName", databaseName, "MasterUsername", masterUsername,
                    "StorageEncrypted", STORAGE_ENCRYPTED, "PubliclyAccessible", PUBLICLY_ACCESSIBLE,
                    "DeletionProtection", DELETION_PROTECTION, "BackupRetentionPeriod", backupRetentionDays,
                    "MultiAZ", multiAz, "DBSubnetGroupName", subnetGroup, "DBParameterGroupName", parameterGroup,
                    "VpcSecurityGroupIds", List.of(securityGroupId), "CopyTagsToSnapshot", COPY_TAGS_TO_SNAPSHOT,
                    "AutoMinorVersionUpgrade", AUTO_MINOR_VERSION_UPGRADE,
                    "MasterUserPassword", "<from SSM " + passwordParameter + ">", "Tags", AwsRequest.tagList(tags)));
        }
    }

    record CacheSubnetGroupRequest(String name, List<String> subnetIds, Map<String, String> tags) implements AwsRequest {
        public String description() {
            return AwsRequest.description(tags);
        }

        @Override
        public List<SdkCall> calls() {
            return List.of(SdkCall.of("elasticache:CreateCacheSubnetGroup", "CacheSubnetGroupName", name,
                    "CacheSubnetGroupDescription", description(), "SubnetIds", subnetIds,
                    "Tags", AwsRequest.tagList(tags)));
        }
    }

    /** A single-node Redis cluster; {@code securityGroupId} is a placeholder until the security group exists. */
    record CacheClusterRequest(String clusterId, String nodeType, String engineVersion, String subnetGroup,
                               String securityGroupId, Map<String, String> tags) implements AwsRequest {
        public static final String ENGINE = "redis";
        public static final int NODES = 1;

        public CacheClusterRequest withSecurityGroupId(String id) {
            return new CacheClusterRequest(clusterId, nodeType, engineVersion, subnetGroup, id, tags);
        }

        @Override
        public List<SdkCall> calls() {
            return List.of(SdkCall.of("elasticache:CreateCacheCluster", "CacheClusterId", clusterId, "Engine", ENGINE,
                    "EngineVersion", engineVersion, "CacheNodeType", nodeType, "NumCacheNodes", NODES,
                    "CacheSubnetGroupName", subnetGroup, "SecurityGroupIds", List.of(securityGroupId),
                    "Tags", AwsRequest.tagList(tags)));
        }
    }

    /** CreateLogGroup when the group is missing, then PutRetentionPolicy when its retention differs. */
    record LogGroupRequest(String name, int retentionDays, Map<String, String> tags) implements AwsRequest {
        @Override
        public List<SdkCall> calls() {
            return List.of(SdkCall.of("logs:CreateLogGroup", "LogGroupName", name, "Tags", AwsRequest.tagList(tags)),
                    SdkCall.of("logs:PutRetentionPolicy", "LogGroupName", name, "RetentionInDays", retentionDays));
        }
    }

    record ClusterRequest(String name, Map<String, String> tags) implements AwsRequest {
        @Override
        public List<SdkCall> calls() {
            return List.of(SdkCall.of("ecs:CreateCluster", "ClusterName", name, "Tags", AwsRequest.tagList(tags)));
        }
    }

    /**
     * One Fargate container, named after {@code family} (use that as {@link ServiceRequest#containerName()}).
     * {@code secretParameterArns} maps env names to SSM parameter ARNs; a plain parameter name is resolved to its ARN.
     */
    record TaskDefinitionRequest(String family, String image, List<String> command, Map<String, String> env,
                                 Map<String, String> secretParameterArns, int cpu, int memory, Integer port,
                                 String executionRoleArn, String taskRoleArn, String logGroup, String region,
                                 Map<String, String> tags) implements AwsRequest {

        public Map<String, String> logOptions() {
            return new TreeMap<>(Map.of("awslogs-group", logGroup, "awslogs-region", region,
                    "awslogs-stream-prefix", "ferry"));
        }

        /** Any HTTP answer below 400 (a redirect to a login page included) means the server is up; none without a port. */
        public List<String> healthCheckCommand() {
            return port == null ? List.of()
                    : List.of("CMD-SHELL", "curl -fsS -o /dev/null http://127.0.0.1:" + port + "/ || exit 1");
        }

        @Override
        public List<SdkCall> calls() {
            return List.of(SdkCall.of("ecs:RegisterTaskDefinition", "Family", family,
                    "RequiresCompatibilities", "[FARGATE]", "NetworkMode", "awsvpc", "Cpu", cpu, "Memory", memory,
                    "ExecutionRoleArn", executionRoleArn, "TaskRoleArn", taskRoleArn, "Name", family, "Image", image,
                    "Essential", true, "Command", command, "Environment", env,
                    "Secrets", String.valueOf(secretParameterArns),
                    "PortMappings", port == null ? "[]" : "[" + port + "/tcp]",
                    "HealthCheck", port == null ? null : healthCheckCommand(),
                    "LogConfiguration", "awslogs:" + logOptions(), "Tags", AwsRequest.tagList(tags)));
        }
    }

    /**
     * {@code taskDefinitionArn}, {@code securityGroupId} and {@code targetGroupArn} are placeholders until the run
     * knows them; a service without a target group gets no load balancer.
     */
    record ServiceRequest(String cluster, String name, String taskDefinitionArn, List<String> subnetIds,
                          String securityGroupId, int desiredCount, boolean singleton,
                          String targetGroupArn, String containerName, Integer containerPort,
                          Map<String, String> tags) implements AwsRequest {
        /** Seconds a new server task may fail its load-balancer health check before ECS replaces it. */
        public static final int HEALTH_CHECK_GRACE_SECONDS = 120;

        public ServiceRequest withRunTimeIds(String taskDefinition, String securityGroup, String targetGroup) {
            return new ServiceRequest(cluster, name, taskDefinition, subnetIds, securityGroup, desiredCount, singleton,
                    targetGroupArn == null ? null : targetGroup, containerName, containerPort, tags);
        }

        /** A singleton stops its old task before starting a new one; the others roll forward and back automatically. */
        public int minimumHealthyPercent() {
            return singleton ? 0 : 100;
        }

        public int maximumPercent() {
            return singleton ? 100 : 200;
        }

        public boolean circuitBreaker() {
            return !singleton;
        }

        @Override
        public List<SdkCall> calls() {
            String deployment = "{MinimumHealthyPercent=" + minimumHealthyPercent() + ", MaximumPercent="
                    + maximumPercent() + (circuitBreaker() ? ", DeploymentCircuitBreaker={Enable=true, Rollback=true}}" : "}");
            boolean balanced = targetGroupArn != null;
            return List.of(SdkCall.of("ecs:CreateService", "Cluster", cluster, "ServiceName", name,
                    "TaskDefinition", taskDefinitionArn, "LaunchType", "FARGATE", "DesiredCount", desiredCount,
                    "NetworkConfiguration", "{Subnets=" + subnetIds + ", SecurityGroups=[" + securityGroupId
                            + "], AssignPublicIp=DISABLED}",
                    "DeploymentConfiguration", deployment,
                    "LoadBalancers", balanced ? "[{TargetGroupArn=" + targetGroupArn + ", ContainerName=" + containerName
                            + ", ContainerPort=" + containerPort + "}]" : "[]",
                    "HealthCheckGracePeriodSeconds", balanced ? HEALTH_CHECK_GRACE_SECONDS : null,
                    "PropagateTags", "SERVICE", "EnableECSManagedTags", true, "Tags", AwsRequest.tagList(tags)));
        }
    }

    record LoadBalancerAlias(String dnsName, String canonicalHostedZoneId) {

        /**
         * True when {@code other} leads to the same load balancer. Route 53 answers alias names fully qualified (a
         * trailing dot), lower-cased and sometimes with a {@code dualstack.} prefix; ELB names have none of that.
         */
        public boolean sameTarget(LoadBalancerAlias other) {
            return other != null && bare(dnsName).equals(bare(other.dnsName))
                    && String.valueOf(canonicalHostedZoneId).equalsIgnoreCase(String.valueOf(other.canonicalHostedZoneId));
        }

        private static String bare(String name) {
            String lower = name.toLowerCase(Locale.ROOT);
            String undotted = lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
            return undotted.startsWith("dualstack.") ? undotted.substring("dualstack.".length()) : undotted;
        }
    }

    /** An A-alias record when {@code alias} is set, else a CNAME with {@code value}. */
    record DnsRecord(String name, String type, long ttl, String value, LoadBalancerAlias alias) {

        /**
         * True when {@code other} answers the same: the same load balancer for aliases, else the same type and
         * values (in any order, any case, with or without the trailing dot). The TTL does not count.
         */
        public boolean sameValue(DnsRecord other) {
            if (other == null || (alias == null) != (other.alias == null)) {
                return false;
            }
            if (alias != null) {
                return alias.sameTarget(other.alias);
            }
            return type.equalsIgnoreCase(other.type) && values(value).equals(values(other.value));
        }

        private static Set<String> values(String joined) {
            Set<String> values = new TreeSet<>();
            for (String part : String.valueOf(joined).split(",")) {
                String lower = part.trim().toLowerCase(Locale.ROOT);
                values.add(lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower);
            }
            return values;
        }
    }
}
