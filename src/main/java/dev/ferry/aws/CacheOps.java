package dev.ferry.aws;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.step.AwsRequests.CacheClusterRequest;
import dev.ferry.step.AwsRequests.CacheSubnetGroupRequest;
import dev.ferry.step.AwsDeletions.CacheSubnetGroupDeletion;
import dev.ferry.step.AwsDeletions.CacheClusterDeletion;
import dev.ferry.step.AwsPorts.Owner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.CacheCluster;
import software.amazon.awssdk.services.elasticache.model.CacheNode;
import software.amazon.awssdk.services.elasticache.model.CacheSubnetGroup;
import software.amazon.awssdk.services.elasticache.model.DescribeCacheClustersRequest;
import software.amazon.awssdk.services.elasticache.model.Tag;
import software.amazon.awssdk.services.elasticache.waiters.ElastiCacheWaiter;

/** The single-node ElastiCache Redis cluster and its subnet group. */
final class CacheOps {
    private static final Logger log = LoggerFactory.getLogger(CacheOps.class);
    /** States in which DeleteCacheCluster is refused; ferry waits for "available" first. */
    private static final Set<String> BUSY = Set.of("creating", "modifying", "snapshotting", "rebooting cluster nodes");

    private final ElastiCacheClient cache;
    private final ElastiCacheWaiter waiter;
    private final AwsCalls calls;

    CacheOps(ElastiCacheClient cache, AwsSettings settings) {
        this.cache = cache;
        this.waiter = cache.waiter();
        this.calls = new AwsCalls(AwsService.ELASTICACHE, settings);
    }

    void ensureCacheSubnetGroup(CacheSubnetGroupRequest request) {
        String name = request.name();
        List<String> subnetIds = request.subnetIds();
        PlanTags wanted = PlanTags.of(request.tags());
        Optional<CacheSubnetGroup> existing = subnetGroup(name);
        if (existing.isPresent()) {
            wanted.requireAdoptable(AwsService.ELASTICACHE, "cache subnet group", name, tagsOf(existing.get().arn()));
            log.info("cache subnet group {} already exists for plan {}", name, wanted.plan());
            return;
        }
        calls.run("CreateCacheSubnetGroup", name, () -> cache.createCacheSubnetGroup(r -> r
                .cacheSubnetGroupName(name).cacheSubnetGroupDescription(request.description())
                .subnetIds(subnetIds).tags(sdkTags(wanted))));
        log.info("created cache subnet group {} over {}", name, subnetIds);
    }

    void ensureCacheCluster(CacheClusterRequest request) {
        PlanTags wanted = PlanTags.of(request.tags());
        String id = request.clusterId();
        Optional<CacheCluster> existing = describe(id);
        if (existing.isPresent()) {
            wanted.requireAdoptable(AwsService.ELASTICACHE, "cache cluster", id, tagsOf(existing.get().arn()));
            log.info("cache cluster {} already exists for plan {} ({})", id, wanted.plan(),
                    existing.get().cacheClusterStatus());
            return;
        }
        calls.run("CreateCacheCluster", id, () -> cache.createCacheCluster(r -> r.cacheClusterId(id)
                .engine(CacheClusterRequest.ENGINE).engineVersion(request.engineVersion()).cacheNodeType(request.nodeType())
                .numCacheNodes(CacheClusterRequest.NODES).cacheSubnetGroupName(request.subnetGroup())
                .securityGroupIds(request.securityGroupId()).tags(sdkTags(wanted))));
        log.info("creating cache cluster {} (redis {}, {})", id, request.engineVersion(), request.nodeType());
    }

    String awaitCacheCluster(String id, Duration timeout) {
        await("available", id, timeout, true);
        CacheCluster cluster = describe(id).orElseThrow(() -> new FerryException(ErrorCode.STEP_FAILED,
                "cache cluster " + id + " disappeared right after it became available"));
        CacheNode node = cluster.cacheNodes().stream().filter(n -> n.endpoint() != null).findFirst()
                .orElseThrow(() -> new FerryException(ErrorCode.STEP_FAILED, "cache cluster " + id
                        + " is available but reports no node endpoint"));
        return node.endpoint().address() + ":" + node.endpoint().port();
    }

    void deleteCacheCluster(CacheClusterDeletion deletion, Duration timeout, Owner owner) {
        String id = deletion.clusterId();
        Optional<CacheCluster> found = describe(id);
        if (found.isEmpty()) {
            log.info("cache cluster {} was already gone", id);
            return;
        }
        PlanTags.requireOwned(owner, PlanTags.Touch.DELETE, AwsService.ELASTICACHE, "cache cluster", id,
                tagsOf(found.get().arn()));
        String status = found.get().cacheClusterStatus();
        if (BUSY.contains(status)) {
            log.info("cache cluster {} is {}; waiting until it is available to delete it", id, status);
            await("available", id, timeout, false);
        }
        if (!"deleting".equals(status)) {
            calls.find("DeleteCacheCluster", id, () -> cache.deleteCacheCluster(r -> r.cacheClusterId(id)));
            log.info("deleting cache cluster {}", id);
        }
        await("deleted", id, timeout, false);
        log.info("cache cluster {} deleted", id);
    }

    void deleteCacheSubnetGroup(CacheSubnetGroupDeletion deletion, Owner owner) {
        String name = deletion.name();
        Optional<CacheSubnetGroup> found = subnetGroup(name);
        found.ifPresent(group -> PlanTags.requireOwned(owner, PlanTags.Touch.DELETE, AwsService.ELASTICACHE,
                "cache subnet group", name, tagsOf(group.arn())));
        boolean deleted = found.isPresent() && calls.delete("DeleteCacheSubnetGroup", name,
                () -> cache.deleteCacheSubnetGroup(r -> r.cacheSubnetGroupName(name)));
        log.info(deleted ? "deleted cache subnet group {}" : "cache subnet group {} was already gone", name);
    }

    private void await(String goal, String id, Duration timeout, boolean nodes) {
        DescribeCacheClustersRequest request = DescribeCacheClustersRequest.builder().cacheClusterId(id)
                .showCacheNodeInfo(nodes).build();
        calls.await("DescribeCacheClusters", goal, "cache cluster " + id, timeout, config -> "deleted".equals(goal)
                        ? waiter.waitUntilCacheClusterDeleted(request, config)
                        : waiter.waitUntilCacheClusterAvailable(request, config),
                () -> describe(id).map(CacheCluster::cacheClusterStatus).orElse("gone"));
    }

    private Optional<CacheSubnetGroup> subnetGroup(String name) {
        return calls.find("DescribeCacheSubnetGroups", name, () -> cache.describeCacheSubnetGroups(r -> r
                .cacheSubnetGroupName(name)).cacheSubnetGroups().stream().findFirst().orElse(null));
    }

    private Optional<CacheCluster> describe(String id) {
        return calls.find("DescribeCacheClusters", id, () -> cache.describeCacheClusters(r -> r.cacheClusterId(id)
                .showCacheNodeInfo(true)).cacheClusters().stream().findFirst().orElse(null));
    }

    private Map<String, String> tagsOf(String arn) {
        return tagsOf(calls, cache, arn);
    }

    /** The tags of an ElastiCache resource (a cluster, a replication group, a subnet group), by ARN. */
    static Map<String, String> tagsOf(AwsCalls calls, ElastiCacheClient cache, String arn) {
        return PlanTags.toMap(calls.call("ListTagsForResource", arn,
                () -> cache.listTagsForResource(r -> r.resourceName(arn))).tagList(), Tag::key, Tag::value);
    }

    static List<Tag> sdkTags(PlanTags tags) {
        return tags.as((k, v) -> Tag.builder().key(k).value(v).build());
    }
}
