package dev.ferry.step;

import java.util.ArrayList;
import java.util.List;

/**
 * Typed requests that delete (or unprotect to delete) what ferry created. The port checks the resource is the plan's
 * before it sends them; a resource already gone is not deleted again.
 */
public final class AwsDeletions {
    private AwsDeletions() {
    }

    public record SecurityGroupDeletion(String groupId) implements AwsRequest {
        @Override
        public List<SdkCall> calls() {
            return List.of(SdkCall.of("ec2:DeleteSecurityGroup", "GroupId", groupId));
        }
    }

    public record DbSubnetGroupDeletion(String name) implements AwsRequest {
        @Override
        public List<SdkCall> calls() {
            return List.of(SdkCall.of("rds:DeleteDBSubnetGroup", "DBSubnetGroupName", name));
        }
    }

    public record DbParameterGroupDeletion(String name) implements AwsRequest {
        @Override
        public List<SdkCall> calls() {
            return List.of(SdkCall.of("rds:DeleteDBParameterGroup", "DBParameterGroupName", name));
        }
    }

    public record CacheClusterDeletion(String clusterId) implements AwsRequest {
        @Override
        public List<SdkCall> calls() {
            return List.of(SdkCall.of("elasticache:DeleteCacheCluster", "CacheClusterId", clusterId));
        }
    }

    /** Deletes the group with its one node; no final snapshot (the queues were drained before anything moved back). */
    public record ReplicationGroupDeletion(String groupId) implements AwsRequest {
        public static final boolean RETAIN_PRIMARY_CLUSTER = false;

        @Override
        public List<SdkCall> calls() {
            return List.of(SdkCall.of("elasticache:DeleteReplicationGroup", "ReplicationGroupId", groupId,
                    "RetainPrimaryCluster", RETAIN_PRIMARY_CLUSTER));
        }
    }

    public record CacheSubnetGroupDeletion(String name) implements AwsRequest {
        @Override
        public List<SdkCall> calls() {
            return List.of(SdkCall.of("elasticache:DeleteCacheSubnetGroup", "CacheSubnetGroupName", name));
        }
    }

    public record LogGroupDeletion(String name) implements AwsRequest {
        @Override
        public List<SdkCall> calls() {
            return List.of(SdkCall.of("logs:DeleteLogGroup", "LogGroupName", name));
        }
    }

    public record ClusterDeletion(String name) implements AwsRequest {
        @Override
        public List<SdkCall> calls() {
            return List.of(SdkCall.of("ecs:DeleteCluster", "Cluster", name));
        }
    }

    public record TargetGroupDeletion(String targetGroupArn) implements AwsRequest {
        @Override
        public List<SdkCall> calls() {
            return List.of(SdkCall.of("elbv2:DeleteTargetGroup", "TargetGroupArn", targetGroupArn));
        }
    }

    /** Reads which exist (without decrypting), then deletes those; both in batches of ten names. */
    public record ParametersDeletion(List<String> names) implements AwsRequest {
        public static final boolean WITH_DECRYPTION = false;

        @Override
        public List<SdkCall> calls() {
            return List.of(SdkCall.of("ssm:GetParameters", "Names", names, "WithDecryption", WITH_DECRYPTION),
                    SdkCall.of("ssm:DeleteParameters", "Names", "<those of " + names + " that exist>"));
        }
    }

    /** Sets deletion protection, at once rather than in the next maintenance window. */
    public record DbProtectionRequest(String identifier, boolean protect) implements AwsRequest {
        public static final boolean APPLY_IMMEDIATELY = true;

        @Override
        public List<SdkCall> calls() {
            return List.of(SdkCall.of("rds:ModifyDBInstance", "DBInstanceIdentifier", identifier,
                    "DeletionProtection", protect, "ApplyImmediately", APPLY_IMMEDIATELY)
                    .when(protect ? "unless it is protected" : "if it is protected"));
        }
    }

    /**
     * Lifts deletion protection, then deletes the instance; with {@code finalSnapshot} it keeps a final snapshot (unless
     * the instance never held data) and tags the snapshot {@link #RETAINED_TAG} instead of the plan's tag, so the plan
     * owns nothing once rolled back.
     */
    public record DbInstanceDeletionRequest(String identifier, boolean finalSnapshot) implements AwsRequest {
        public static final String RETAINED_TAG = "ferry:retained-from";

        public String snapshotPrefix() {
            return identifier + "-ferry-final-";
        }

        @Override
        public List<SdkCall> calls() {
            String snapshot = finalSnapshot ? snapshotPrefix() + "<timestamp>" : null;
            List<SdkCall> calls = new ArrayList<>(new DbProtectionRequest(identifier, false).calls());
            calls.add(SdkCall.of("rds:DeleteDBInstance", "DBInstanceIdentifier", identifier,
                    "SkipFinalSnapshot", !finalSnapshot, "FinalDBSnapshotIdentifier", snapshot));
            if (finalSnapshot) {
                calls.add(SdkCall.of("rds:AddTagsToResource", "ResourceName", "<ARN of that final snapshot>",
                        "Tags", "[" + RETAINED_TAG + "=<its " + AwsPorts.PLAN_TAG + ">]"));
            }
            return List.copyOf(calls);
        }
    }
}
