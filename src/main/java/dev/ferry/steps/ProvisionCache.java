package dev.ferry.steps;

import dev.ferry.plan.CacheSpec;
import dev.ferry.plan.Plan;
import dev.ferry.step.Action;
import dev.ferry.step.ActionContext;
import dev.ferry.step.AwsChanges.SecureParameterRequest;
import dev.ferry.step.AwsDeletions.CacheClusterDeletion;
import dev.ferry.step.AwsDeletions.CacheSubnetGroupDeletion;
import dev.ferry.step.AwsDeletions.ReplicationGroupDeletion;
import dev.ferry.step.AwsRequest;
import dev.ferry.step.AwsRequests.CacheClusterRequest;
import dev.ferry.step.AwsRequests.CacheSubnetGroupRequest;
import dev.ferry.step.AwsRequests.ReplicationGroupRequest;
import dev.ferry.step.Effect;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * ElastiCache for the plan: a single-node replication group (valkey or redis, TLS with an AUTH token generated into
 * SSM) or, for a plan that predates engines ({@link CacheSpec#legacyCluster()}), the single-node cache cluster ferry
 * created before. The token lives only in SSM and in the URL parameters written from it.
 */
final class ProvisionCache {
    static final Duration TIMEOUT = Duration.ofMinutes(40);
    private static final String ID = Provision.ID;

    private final Plan plan;
    private final PlanNames names;

    ProvisionCache(Plan plan) {
        this.plan = plan;
        this.names = new PlanNames(plan);
    }

    private CacheSpec cache() {
        return plan.target().cache();
    }

    /** The SecureString the AUTH token is generated into, when the cache has one. */
    Optional<SecureParameterRequest> authToken() {
        return cache().encrypted() ? Optional.of(SecureParameterRequest.ifAbsent(names.parameter(PlanNames.CACHE_AUTH_TOKEN),
                "<generated, " + CacheUrl.TOKEN_LENGTH + " characters>", names.tags())) : Optional.empty();
    }

    private AwsRequest create() {
        CacheSpec c = cache();
        if (c.legacyCluster()) {
            return new CacheClusterRequest(c.clusterId(), c.nodeType(), c.engineVersion(), names.cacheSubnetGroup(),
                    "<cache sg>", names.tags());
        }
        return new ReplicationGroupRequest(c.clusterId(), c.engineName(), c.engineVersion(), c.nodeType(),
                "default." + c.parameterGroupFamily(), names.cacheSubnetGroup(), "<cache sg>", c.encrypted(),
                names.parameter(PlanNames.CACHE_AUTH_TOKEN), names.tags());
    }

    Action createCache() {
        CacheSubnetGroupRequest subnetGroup = new CacheSubnetGroupRequest(names.cacheSubnetGroup(),
                plan.target().network().subnetIds(), names.tags());
        AwsRequest cache = create();
        String what = cache().legacyCluster() ? "ElastiCache Redis in the private subnets"
                : "ElastiCache " + cache().engineName() + " in the private subnets"
                + (cache().encrypted() ? ", TLS in transit with an AUTH token" : "");
        return new Action("create-cache", what, AwsCall.of(subnetGroup, cache), ctx -> {
            ctx.aws().ensureCacheSubnetGroup(subnetGroup);
            String sg = ctx.requireOutput(ID, "cacheSecurityGroupId");
            if (cache instanceof ReplicationGroupRequest group) {
                ctx.aws().ensureReplicationGroup(group.withSecurityGroupId(sg));
            } else {
                ctx.aws().ensureCacheCluster(((CacheClusterRequest) cache).withSecurityGroupId(sg));
            }
        });
    }

    Effect awaitEffect() {
        String describe = cache().legacyCluster()
                ? "elasticache:DescribeCacheClusters(CacheClusterId=" + cache().clusterId() + ", ShowCacheNodeInfo=true)"
                : "elasticache:DescribeReplicationGroups(ReplicationGroupId=" + cache().clusterId() + ")";
        return Effect.await(describe + " until available, up to " + TIMEOUT.toMinutes() + " min");
    }

    SecureParameterRequest urlParameter() {
        String shown = cache().encrypted() ? "rediss://:<AUTH token, percent-encoded>@<cache endpoint>/0"
                : "redis://<cache endpoint>/0";
        return SecureParameterRequest.replacing(names.parameter(names.redisUrlKey()), shown, names.tags());
    }

    void await(ActionContext ctx) {
        String endpoint = cache().legacyCluster() ? ctx.aws().awaitCacheCluster(cache().clusterId(), TIMEOUT)
                : ctx.aws().awaitReplicationGroup(cache().clusterId(), TIMEOUT);
        ctx.record("redisEndpoint", endpoint);
        ctx.aws().putSecureParameter(urlParameter(), () -> url(ctx, endpoint));
        ctx.progress("ElastiCache available at " + endpoint + (cache().encrypted() ? " (TLS, AUTH)" : ""));
    }

    /** The URL the app reads; with the token read from SSM when the cache has one. */
    String url(ActionContext ctx, String endpoint) {
        if (!cache().encrypted()) {
            return CacheUrl.plain(endpoint);
        }
        String parameter = names.parameter(PlanNames.CACHE_AUTH_TOKEN);
        String token = ctx.aws().readSecureParameter(parameter).orElseThrow(() -> dev.ferry.Failures.stepWithNextAction(
                "SSM parameter " + parameter + " (the cache's AUTH token) is gone", "Roll back provision and apply it again"));
        return CacheUrl.encrypted(token, endpoint);
    }

    List<Effect> deleteEffects() {
        List<Effect> effects = new ArrayList<>();
        String kind = cache().legacyCluster() ? "cache cluster " : "replication group ";
        effects.add(AwsCall.ownerCheck(names, "it", "elasticache:ListTagsForResource", "ResourceName",
                "<ARN of " + kind + cache().clusterId() + ">"));
        effects.addAll(AwsCall.of(deletion()));
        effects.add(Effect.await((cache().legacyCluster() ? "elasticache:DescribeCacheClusters(CacheClusterId="
                : "elasticache:DescribeReplicationGroups(ReplicationGroupId=") + cache().clusterId() + ") until deleted"));
        effects.add(AwsCall.ownerCheck(names, "it", "elasticache:ListTagsForResource", "ResourceName",
                "<ARN of cache subnet group " + names.cacheSubnetGroup() + ">"));
        effects.addAll(AwsCall.of(new CacheSubnetGroupDeletion(names.cacheSubnetGroup())));
        return effects;
    }

    private AwsRequest deletion() {
        return cache().legacyCluster() ? new CacheClusterDeletion(cache().clusterId())
                : new ReplicationGroupDeletion(cache().clusterId());
    }

    void delete(ActionContext ctx) {
        if (deletion() instanceof ReplicationGroupDeletion group) {
            ctx.aws().deleteReplicationGroup(group, TIMEOUT, names.owner());
        } else {
            ctx.aws().deleteCacheCluster((CacheClusterDeletion) deletion(), TIMEOUT, names.owner());
        }
        ctx.aws().deleteCacheSubnetGroup(new CacheSubnetGroupDeletion(names.cacheSubnetGroup()), names.owner());
    }
}
