package dev.ferry.sandbox.aws;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** ElastiCache: single-node Redis clusters and replication groups ({@link ReplicationGroups}) backed by real Redis (creating → available; deleting → gone), subnet groups, tags. */
final class ElastiCacheHandler implements QueryProtocol.Operations {
    static final String NAMESPACE = "http://elasticache.amazonaws.com/doc/2015-02-02/";

    private final Env env;
    private final RedisNodes servers;
    private final Predicate<String> securityGroupExists;
    private final Map<String, CacheCluster> clusters = new ConcurrentHashMap<>();
    private final Map<String, NamedGroup> subnetGroups = new ConcurrentHashMap<>();
    private final ReplicationGroups groups;

    ElastiCacheHandler(Env env, RedisNodes servers, Predicate<String> securityGroupExists) {
        this.env = env;
        this.servers = servers;
        this.securityGroupExists = securityGroupExists;
        this.groups = new ReplicationGroups(env, servers, securityGroupExists, name -> subnetGroup(name).name());
    }

    @Override
    public void call(String action, QueryParams p, Xml out) {
        if (groups.handles(action)) {
            groups.call(action, p, out);
            return;
        }
        switch (action) {
            case "CreateCacheCluster" -> writeCluster(out.open("CacheCluster"), create(p), false).close();
            case "DescribeCacheClusters" -> out.list("CacheClusters", "CacheCluster", describe(p.get("CacheClusterId")),
                    (x, c) -> writeCluster(x, c, p.bool("ShowCacheNodeInfo", false)));
            case "DeleteCacheCluster" -> writeCluster(out.open("CacheCluster"), delete(p.require("CacheClusterId")), false).close();
            case "CreateCacheSubnetGroup" -> writeSubnetGroup(out.open("CacheSubnetGroup"), createSubnetGroup(p)).close();
            case "DescribeCacheSubnetGroups" -> out.list("CacheSubnetGroups", "CacheSubnetGroup",
                    describeSubnetGroups(p.get("CacheSubnetGroupName")), this::writeSubnetGroup);
            case "DeleteCacheSubnetGroup" -> deleteSubnetGroup(p.require("CacheSubnetGroupName"));
            case "ListTagsForResource" -> out.tags("TagList", "Tag", "Key", "Value", tagsOf(p.require("ResourceName")));
            case "AddTagsToResource" -> out.tags("TagList", "Tag", "Key", "Value", addTags(p.require("ResourceName"), p.tags("Tags")));
            default -> throw QueryProtocol.unknownAction(action);
        }
    }

    Optional<String> userOf(String securityGroupId) {
        return clusters.values().stream().filter(c -> c.securityGroupIds().contains(securityGroupId))
                .map(c -> "cluster:" + c.id()).findFirst().or(() -> groups.userOf(securityGroupId));
    }

    private synchronized CacheCluster create(QueryParams p) {
        String id = p.require("CacheClusterId").toLowerCase(Locale.ROOT);
        if (clusters.containsKey(id)) {
            throw AwsException.badRequest("CacheClusterAlreadyExists", "Cache cluster " + id + " already exists.");
        }
        if (!"redis".equals(p.get("Engine", "redis"))) {
            throw AwsException.badRequest("InvalidParameterValue", "The sandbox runs the redis engine only");
        }
        String subnetGroup = subnetGroup(p.require("CacheSubnetGroupName")).name();
        List<String> sgs = p.values("SecurityGroupIds");
        sgs.stream().filter(securityGroupExists.negate()).findFirst().ifPresent(sg -> {
            throw AwsException.badRequest("InvalidParameterValue", "Some security group Id not recognized by EC2: " + sg);
        });
        if (p.integer("NumCacheNodes", 1) != 1) {
            throw AwsException.badRequest("InvalidParameterValue", "The sandbox runs single-node Redis clusters only");
        }
        CacheCluster cluster = new CacheCluster(id, p.require("CacheNodeType"), p.get("EngineVersion", "7.1"), "creating",
                null, subnetGroup, sgs, Instant.now(), p.bool("TransitEncryptionEnabled", false), p.tags("Tags"));
        clusters.put(id, cluster);
        env.background("create cache cluster " + id, () -> provision(id));
        return cluster;
    }

    private void provision(String id) {
        long started = System.nanoTime();
        int port;
        try {
            port = servers.start(id);
        } catch (RuntimeException e) {
            clusters.computeIfPresent(id, (k, c) -> c.withStatus("create-failed"));
            throw e;
        }
        clusters.computeIfPresent(id, (k, c) -> c.withPort(port));
        Duration left = env.delays().cacheCreate().minusNanos(System.nanoTime() - started);
        env.later(left.isNegative() ? Duration.ZERO : left, "cache cluster available",
                () -> clusters.computeIfPresent(id, (k, c) -> c.status().equals("creating") ? c.withStatus("available") : c));
    }

    private List<CacheCluster> describe(String id) {
        if (id != null) {
            return List.of(cluster(id));
        }
        return clusters.values().stream().sorted(Comparator.comparing(CacheCluster::id)).toList();
    }

    private synchronized CacheCluster delete(String id) {
        CacheCluster current = cluster(id);
        if (!current.status().equals("available") && !current.status().equals("create-failed")) {
            throw AwsException.badRequest("InvalidCacheClusterState",
                    "Cache cluster " + current.id() + " is not in a valid state to be deleted.");
        }
        CacheCluster deleting = current.withStatus("deleting");
        clusters.put(current.id(), deleting);
        env.later(env.delays().cacheDelete(), "delete cache cluster " + id, () -> {
            servers.stop(current.id());
            clusters.remove(current.id());
        });
        return deleting;
    }

    private CacheCluster cluster(String id) {
        CacheCluster cluster = clusters.get(id.toLowerCase(Locale.ROOT));
        if (cluster == null) {
            throw AwsException.notFound("CacheClusterNotFound", "CacheCluster not found: " + id);
        }
        return cluster;
    }

    private Xml writeCluster(Xml x, CacheCluster c, boolean nodes) {
        x.el("CacheClusterId", c.id()).el("CacheNodeType", c.nodeType()).el("Engine", "redis")
                .el("EngineVersion", c.engineVersion()).el("CacheClusterStatus", c.status()).el("NumCacheNodes", 1)
                .el("PreferredAvailabilityZone", env.world().subnets().get(0).availabilityZone())
                .el("CacheClusterCreateTime", c.createdAt());
        x.open("CacheParameterGroup").el("CacheParameterGroupName", "default.redis7").el("ParameterApplyStatus", "in-sync")
                .close().el("CacheSubnetGroupName", c.subnetGroup());
        if (nodes) {
            x.open("CacheNodes").open("CacheNode").el("CacheNodeId", "0001")
                    .el("CacheNodeStatus", c.status().equals("available") ? "available" : c.status())
                    .el("CacheNodeCreateTime", c.createdAt());
            if (c.port() != null && !c.status().equals("creating")) {
                x.open("Endpoint").el("Address", "127.0.0.1").el("Port", c.port()).close();
            }
            x.el("ParameterGroupStatus", "in-sync").el("CustomerAvailabilityZone",
                    env.world().subnets().get(0).availabilityZone()).close().close();
        }
        x.el("AutoMinorVersionUpgrade", true)
                .list("SecurityGroups", "member", c.securityGroupIds(), (m, id) -> m.el("SecurityGroupId", id).el("Status", "active"))
                .el("SnapshotRetentionLimit", 0).el("TransitEncryptionEnabled", c.transitEncryption())
                .el("AtRestEncryptionEnabled", false).el("ARN", arn(c.id())).el("NetworkType", "ipv4");
        return x;
    }

    private synchronized NamedGroup createSubnetGroup(QueryParams p) {
        String name = p.require("CacheSubnetGroupName").toLowerCase(Locale.ROOT);
        if (subnetGroups.containsKey(name)) {
            throw AwsException.badRequest("CacheSubnetGroupAlreadyExists", "Cache subnet group " + name + " already exists.");
        }
        List<String> subnets = NamedGroup.knownSubnets(env.world(), p.values("SubnetIds"), "InvalidSubnet");
        NamedGroup group = new NamedGroup(name, p.require("CacheSubnetGroupDescription"), null, subnets, p.tags("Tags"));
        subnetGroups.put(name, group);
        return group;
    }

    private List<NamedGroup> describeSubnetGroups(String name) {
        return name == null ? List.copyOf(subnetGroups.values()) : List.of(subnetGroup(name));
    }

    private synchronized void deleteSubnetGroup(String name) {
        NamedGroup group = subnetGroup(name);
        if (clusters.values().stream().anyMatch(c -> c.subnetGroup().equals(group.name())) || groups.uses(group.name())) {
            throw AwsException.badRequest("CacheSubnetGroupInUse", "Cache subnet group " + group.name() + " is currently in use by a cache cluster.");
        }
        subnetGroups.remove(group.name());
    }

    private NamedGroup subnetGroup(String name) {
        NamedGroup group = subnetGroups.get(name.toLowerCase(Locale.ROOT));
        if (group == null) {
            throw AwsException.badRequest("CacheSubnetGroupNotFoundFault", "Cache subnet group " + name + " not found.");
        }
        return group;
    }

    private Xml writeSubnetGroup(Xml x, NamedGroup g) {
        x.el("CacheSubnetGroupName", g.name()).el("CacheSubnetGroupDescription", g.description())
                .el("VpcId", env.world().vpc().id());
        g.writeSubnets(x, env.world());
        return x.el("ARN", env.arn("elasticache", "subnetgroup:" + g.name()));
    }

    private Map<String, String> tagsOf(String arn) {
        String resource = arn.substring(arn.lastIndexOf(':', arn.lastIndexOf(':') - 1) + 1);
        if (resource.startsWith("subnetgroup:")) {
            return subnetGroup(resource.substring(12)).tags();
        }
        if (resource.startsWith("cluster:")) {
            return cluster(resource.substring(8)).tags();
        }
        Optional<Map<String, String>> groupTags = groups.tagsOf(resource);
        if (groupTags.isPresent()) {
            return groupTags.get();
        }
        throw AwsException.badRequest("InvalidARN", "Invalid ARN: " + arn);
    }

    private synchronized Map<String, String> addTags(String arn, Map<String, String> tags) {
        String resource = arn.substring(arn.lastIndexOf(':', arn.lastIndexOf(':') - 1) + 1);
        if (resource.startsWith("cluster:")) {
            CacheCluster c = cluster(resource.substring(8));
            clusters.put(c.id(), c.withTags(tags));
        } else if (!groups.addTags(resource, tags)) {
            NamedGroup g = subnetGroup(resource.substring(resource.indexOf(':') + 1));
            subnetGroups.put(g.name(), g.withTags(tags));
        }
        return tagsOf(arn);
    }

    private String arn(String clusterId) {
        return env.arn("elasticache", "cluster:" + clusterId);
    }
}
