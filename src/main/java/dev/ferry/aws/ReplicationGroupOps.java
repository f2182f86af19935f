package dev.ferry.aws;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.step.AwsDeletions.ReplicationGroupDeletion;
import dev.ferry.step.AwsPorts.Owner;
import dev.ferry.step.AwsRequests.ReplicationGroupRequest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.CreateReplicationGroupRequest;
import software.amazon.awssdk.services.elasticache.model.DescribeReplicationGroupsRequest;
import software.amazon.awssdk.services.elasticache.model.Endpoint;
import software.amazon.awssdk.services.elasticache.model.NodeGroup;
import software.amazon.awssdk.services.elasticache.model.ReplicationGroup;
import software.amazon.awssdk.services.elasticache.waiters.ElastiCacheWaiter;

/** The single-node ElastiCache replication group (valkey or redis; TLS in transit with an AUTH token from SSM). */
final class ReplicationGroupOps {
    private static final Logger log = LoggerFactory.getLogger(ReplicationGroupOps.class);
    /** States in which DeleteReplicationGroup is refused; ferry waits for "available" first. */
    private static final Set<String> BUSY = Set.of("creating", "modifying", "snapshotting");
    private static final String KIND = "replication group";

    private final ElastiCacheClient cache;
    private final ElastiCacheWaiter waiter;
    private final SsmOps ssm;
    private final AwsCalls calls;

    ReplicationGroupOps(ElastiCacheClient cache, SsmOps ssm, AwsSettings settings) {
        this.cache = cache;
        this.waiter = cache.waiter();
        this.ssm = ssm;
        this.calls = new AwsCalls(AwsService.ELASTICACHE, settings);
    }

    void ensure(ReplicationGroupRequest request) {
        PlanTags wanted = PlanTags.of(request.tags());
        String id = request.groupId();
        Optional<ReplicationGroup> existing = describe(id);
        if (existing.isPresent()) {
            wanted.requireAdoptable(AwsService.ELASTICACHE, KIND, id, tagsOf(existing.get().arn()));
            log.info("replication group {} already exists for plan {} ({})", id, wanted.plan(), existing.get().status());
            return;
        }
        CreateReplicationGroupRequest.Builder create = CreateReplicationGroupRequest.builder().replicationGroupId(id)
                .replicationGroupDescription(request.description()).engine(request.engine())
                .engineVersion(request.engineVersion()).cacheNodeType(request.nodeType())
                .numCacheClusters(ReplicationGroupRequest.NODES)
                .automaticFailoverEnabled(ReplicationGroupRequest.AUTOMATIC_FAILOVER)
                .cacheParameterGroupName(request.parameterGroup()).cacheSubnetGroupName(request.subnetGroup())
                .securityGroupIds(request.securityGroupId())
                .atRestEncryptionEnabled(ReplicationGroupRequest.AT_REST_ENCRYPTION)
                .transitEncryptionEnabled(request.transitEncryption()).tags(CacheOps.sdkTags(wanted));
        if (request.transitEncryption()) {
            create.authToken(ssm.readSecureParameter(request.authTokenParameter()).orElseThrow(() -> new FerryException(
                    ErrorCode.STEP_FAILED, "the AUTH token parameter " + request.authTokenParameter() + " does not"
                    + " exist; it must be written before replication group " + id + " is created")));
        }
        calls.sensitive("CreateReplicationGroup", id, () -> cache.createReplicationGroup(create.build()));
        log.info("creating replication group {} ({} {}, {}, TLS {})", id, request.engine(), request.engineVersion(),
                request.nodeType(), request.transitEncryption() ? "on, AUTH token from SSM" : "off");
    }

    String await(String id, Duration timeout) {
        waitFor("available", id, timeout);
        ReplicationGroup group = describe(id).orElseThrow(() -> new FerryException(ErrorCode.STEP_FAILED,
                "replication group " + id + " disappeared right after it became available"));
        Endpoint primary = group.nodeGroups().stream().map(NodeGroup::primaryEndpoint).filter(e -> e != null)
                .findFirst().orElseThrow(() -> new FerryException(ErrorCode.STEP_FAILED, "replication group " + id
                        + " is available but reports no primary endpoint; look at it in the AWS console"));
        return primary.address() + ":" + primary.port();
    }

    void delete(ReplicationGroupDeletion deletion, Duration timeout, Owner owner) {
        String id = deletion.groupId();
        Optional<ReplicationGroup> found = describe(id);
        if (found.isEmpty()) {
            log.info("replication group {} was already gone", id);
            return;
        }
        PlanTags.requireOwned(owner, PlanTags.Touch.DELETE, AwsService.ELASTICACHE, KIND, id, tagsOf(found.get().arn()));
        String status = found.get().status();
        if (BUSY.contains(status)) {
            log.info("replication group {} is {}; waiting until it is available to delete it", id, status);
            waitFor("available", id, timeout);
        }
        if (!"deleting".equals(status)) {
            calls.find("DeleteReplicationGroup", id, () -> cache.deleteReplicationGroup(r -> r.replicationGroupId(id)
                    .retainPrimaryCluster(ReplicationGroupDeletion.RETAIN_PRIMARY_CLUSTER)));
            log.info("deleting replication group {}", id);
        }
        waitFor("deleted", id, timeout);
        log.info("replication group {} deleted", id);
    }

    private void waitFor(String goal, String id, Duration timeout) {
        DescribeReplicationGroupsRequest request = DescribeReplicationGroupsRequest.builder().replicationGroupId(id).build();
        calls.await("DescribeReplicationGroups", goal, KIND + " " + id, timeout, config -> "deleted".equals(goal)
                        ? waiter.waitUntilReplicationGroupDeleted(request, config)
                        : waiter.waitUntilReplicationGroupAvailable(request, config),
                () -> describe(id).map(ReplicationGroup::status).orElse("gone"));
    }

    private Optional<ReplicationGroup> describe(String id) {
        return calls.find("DescribeReplicationGroups", id, () -> cache.describeReplicationGroups(r -> r
                .replicationGroupId(id)).replicationGroups().stream().findFirst().orElse(null));
    }

    private Map<String, String> tagsOf(String arn) {
        return CacheOps.tagsOf(calls, cache, arn);
    }
}
