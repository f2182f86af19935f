package dev.ferry.step;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The typed requests the {@link AwsPorts} take; each renders its own dry-run preview ({@link AwsRequest#calls()}). */
public final class AwsRequests {
    private AwsRequests() {
    }

    public record SecurityGroupRequest(String name, String vpcId, String description, Map<String, String> tags)
            implements AwsRequest {
        @Override
        public List<SdkCall> calls() {
            return List.of(SdkCall.of("ec2:CreateSecurityGroup", "GroupName", name, "VpcId", vpcId,
                    "Description", description, "TagSpecifications", AwsRequest.tagList(tags)));
        }
    }

    /** HTTP to targets of type ip; any answer below 400 (a redirect to a login page included) counts as healthy. */
    public record TargetGroupRequest(String name, String vpcId, int port, String healthPath, Map<String, String> tags)
            implements AwsRequest {
        public static final String HEALTHY_CODES = "200-399";

        @Override
        public List<SdkCall> calls() {
            return List.of(SdkCall.of("elbv2:CreateTargetGroup", "Name", name, "Protocol", "HTTP", "Port", port,
                    "VpcId", vpcId, "TargetType", "ip", "HealthCheckProtocol", "HTTP", "HealthCheckPath", healthPath,
                    "Matcher", "{HttpCode=" + HEALTHY_CODES + "}", "Tags", AwsRequest.tagList(tags)));
        }
    }

    public record DbSubnetGroupRequest(String name, List<String> subnetIds, Map<String, String> tags) implements AwsRequest {
        public String description() {
            return AwsRequest.description(tags);
        }

        @Override
        public List<SdkCall> calls() {
            return List.of(SdkCall.of("rds:CreateDBSubnetGroup", "DBSubnetGroupName", name, "DBSubnetGroupDescription",
                    description(), "SubnetIds", subnetIds, "Tags", AwsRequest.tagList(tags)));
        }
    }

    public record DbParameterGroupRequest(String name, String family, Map<String, String> tags) implements AwsRequest {
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
    public record DbInstanceRequest(String identifier, String engineVersion, String instanceClass, int allocatedStorageGb,
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

    public record CacheSubnetGroupRequest(String name, List<String> subnetIds, Map<String, String> tags) implements AwsRequest {
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
    public record CacheClusterRequest(String clusterId, String nodeType, String engineVersion, String subnetGroup,
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

    /**
     * A single-node replication group (cluster mode disabled): ElastiCache offers TLS in transit with an AUTH token
     * only for replication groups. The token is read from the SecureString {@code authTokenParameter} when the request
     * is sent and never appears in the preview. {@code securityGroupId} is a placeholder until the security group exists.
     */
    public record ReplicationGroupRequest(String groupId, String engine, String engineVersion, String nodeType,
                                          String parameterGroup, String subnetGroup, String securityGroupId,
                                          boolean transitEncryption, String authTokenParameter,
                                          Map<String, String> tags) implements AwsRequest {
        public static final int NODES = 1;
        public static final boolean AUTOMATIC_FAILOVER = false;
        public static final boolean AT_REST_ENCRYPTION = true;

        public ReplicationGroupRequest withSecurityGroupId(String id) {
            return new ReplicationGroupRequest(groupId, engine, engineVersion, nodeType, parameterGroup, subnetGroup, id,
                    transitEncryption, authTokenParameter, tags);
        }

        public String description() {
            return AwsRequest.description(tags);
        }

        @Override
        public List<SdkCall> calls() {
            return List.of(SdkCall.of("elasticache:CreateReplicationGroup", "ReplicationGroupId", groupId,
                    "ReplicationGroupDescription", description(), "Engine", engine, "EngineVersion", engineVersion,
                    "CacheNodeType", nodeType, "NumCacheClusters", NODES,
                    "AutomaticFailoverEnabled", AUTOMATIC_FAILOVER, "CacheParameterGroupName", parameterGroup,
                    "CacheSubnetGroupName", subnetGroup, "SecurityGroupIds", List.of(securityGroupId),
                    "AtRestEncryptionEnabled", AT_REST_ENCRYPTION, "TransitEncryptionEnabled", transitEncryption,
                    "AuthToken", transitEncryption ? "<from SSM " + authTokenParameter + ">" : null,
                    "Tags", AwsRequest.tagList(tags)));
        }
    }

    /** CreateLogGroup when the group is missing, then PutRetentionPolicy when its retention differs. */
    public record LogGroupRequest(String name, int retentionDays, Map<String, String> tags) implements AwsRequest {
        @Override
        public List<SdkCall> calls() {
            return List.of(SdkCall.of("logs:CreateLogGroup", "LogGroupName", name, "Tags", AwsRequest.tagList(tags)),
                    SdkCall.of("logs:PutRetentionPolicy", "LogGroupName", name, "RetentionInDays", retentionDays));
        }
    }

    public record ClusterRequest(String name, Map<String, String> tags) implements AwsRequest {
        @Override
        public List<SdkCall> calls() {
            return List.of(SdkCall.of("ecs:CreateCluster", "ClusterName", name, "Tags", AwsRequest.tagList(tags)));
        }
    }

    /**
     * One Fargate container, named after {@code family} (use that as {@link ServiceRequest#containerName()}).
     * {@code secretParameterArns} maps env names to SSM parameter ARNs; a plain parameter name is resolved to its ARN.
     */
    public record TaskDefinitionRequest(String family, String image, List<String> command, Map<String, String> env,
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
    public record ServiceRequest(String cluster, String name, String taskDefinitionArn, List<String> subnetIds,
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
}
