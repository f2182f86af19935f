package dev.ferry.sandbox.aws;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * ElastiCache replication groups of one node, as ferry creates them: valkey or redis (real Redis either way), AUTH
 * enforced with {@code requirepass}, TLS in transit through a TLS terminator. Serverless and cluster mode are refused
 * as the sandbox does not run them.
 */
final class ReplicationGroups {
    private static final Map<String, List<String>> ENGINES = Map.of("valkey", List.of("7.2", "8.0", "8.1"),
            "redis", List.of("6.0", "6.2", "6.x", "7.0", "7.1"));

    private final Env env;
    private final RedisNodes servers;
    private final Predicate<String> securityGroupExists;
    private final Function<String, String> subnetGroup;
    private final Map<String, CacheReplicationGroup> groups = new ConcurrentHashMap<>();

    ReplicationGroups(Env env, RedisNodes servers, Predicate<String> securityGroupExists,
                      Function<String, String> subnetGroup) {
        this.env = env;
        this.servers = servers;
        this.securityGroupExists = securityGroupExists;
        this.subnetGroup = subnetGroup;
    }

    boolean handles(String action) {
        return action.endsWith("ReplicationGroup") || action.equals("DescribeReplicationGroups");
    }

    void call(String action, QueryParams p, Xml out) {
        switch (action) {
            case "CreateReplicationGroup" -> write(out.open("ReplicationGroup"), create(p)).close();
            case "DescribeReplicationGroups" -> out.list("ReplicationGroups", "ReplicationGroup",
                    describe(p.get("ReplicationGroupId")), this::write);
            case "DeleteReplicationGroup" -> write(out.open("ReplicationGroup"), delete(p.require("ReplicationGroupId"))).close();
            default -> throw QueryProtocol.unknownAction(action);
        }
    }

    Optional<String> userOf(String securityGroupId) {
        return groups.values().stream().filter(g -> g.securityGroupIds().contains(securityGroupId))
                .map(g -> "replicationgroup:" + g.id()).findFirst();
    }

    boolean uses(String subnetGroupName) {
        return groups.values().stream().anyMatch(g -> g.subnetGroup().equals(subnetGroupName));
    }

    Optional<Map<String, String>> tagsOf(String resource) {
        return resource.startsWith("replicationgroup:") ? Optional.of(group(resource.substring(17)).tags())
                : Optional.empty();
    }

    boolean addTags(String resource, Map<String, String> tags) {
        if (!resource.startsWith("replicationgroup:")) {
            return false;
        }
        CacheReplicationGroup g = group(resource.substring(17));
        groups.put(g.id(), g.withTags(tags));
        return true;
    }

    private synchronized CacheReplicationGroup create(QueryParams p) {
        String id = p.require("ReplicationGroupId").toLowerCase(Locale.ROOT);
        if (groups.containsKey(id)) {
            throw AwsException.badRequest("ReplicationGroupAlreadyExists", "Replication group " + id + " already exists.");
        }
        String engine = p.get("Engine", "redis");
        String version = p.get("EngineVersion", ENGINES.getOrDefault(engine, List.of("7.1")).get(0));
        if (!ENGINES.containsKey(engine) || !ENGINES.get(engine).contains(version)) {
            throw AwsException.badRequest("InvalidParameterCombination", "Cannot find version " + version
                    + " for " + engine);
        }
        if (!"disabled".equals(p.get("ClusterMode", "disabled")) || p.integer("NumNodeGroups", 1) != 1
                || p.integer("NumCacheClusters", 1) != 1) {
            throw AwsException.badRequest("InvalidParameterValue", "The sandbox runs single-node groups, cluster mode disabled");
        }
        boolean transit = p.bool("TransitEncryptionEnabled", false);
        String token = p.get("AuthToken");
        if (token != null && !transit) {
            throw AwsException.badRequest("InvalidParameterCombination",
                    "The AUTH token is only supported when encryption-in-transit is enabled");
        }
        if (token != null && (token.length() < 16 || token.length() > 128 || !token.matches("[\\x21-\\x7e]+")
                || token.matches(".*[@\"/].*"))) {
            throw AwsException.badRequest("InvalidParameterValue", "Invalid AuthToken provided.");
        }
        List<String> sgs = p.values("SecurityGroupIds");
        sgs.stream().filter(securityGroupExists.negate()).findFirst().ifPresent(sg -> {
            throw AwsException.badRequest("InvalidParameterValue", "Some security group Id not recognized by EC2: " + sg);
        });
        CacheReplicationGroup group = new CacheReplicationGroup(id, p.require("ReplicationGroupDescription"), engine,
                version, p.require("CacheNodeType"), "creating", null, subnetGroup.apply(p.require("CacheSubnetGroupName")),
                sgs, Instant.now(), transit, token != null, p.bool("AtRestEncryptionEnabled", false), p.tags("Tags"));
        groups.put(id, group);
        env.background("create replication group " + id, () -> provision(id, token, transit));
        return group;
    }

    private void provision(String id, String token, boolean tls) {
        long started = System.nanoTime();
        int port;
        try {
            port = servers.start(id, token, tls);
        } catch (RuntimeException e) {
            groups.computeIfPresent(id, (k, g) -> g.withStatus("create-failed"));
            throw e;
        }
        groups.computeIfPresent(id, (k, g) -> g.withPort(port));
        Duration left = env.delays().cacheCreate().minusNanos(System.nanoTime() - started);
        env.later(left.isNegative() ? Duration.ZERO : left, "replication group available",
                () -> groups.computeIfPresent(id, (k, g) -> g.status().equals("creating") ? g.withStatus("available") : g));
    }

    private List<CacheReplicationGroup> describe(String id) {
        return id != null ? List.of(group(id))
                : groups.values().stream().sorted(Comparator.comparing(CacheReplicationGroup::id)).toList();
    }

    private synchronized CacheReplicationGroup delete(String id) {
        CacheReplicationGroup current = group(id);
        if (!current.status().equals("available") && !current.status().equals("create-failed")) {
            throw AwsException.badRequest("InvalidReplicationGroupState",
                    "Replication group " + current.id() + " is not in a valid state to be deleted.");
        }
        CacheReplicationGroup deleting = current.withStatus("deleting");
        groups.put(current.id(), deleting);
        env.later(env.delays().cacheDelete(), "delete replication group " + id, () -> {
            servers.stop(current.id());
            groups.remove(current.id());
        });
        return deleting;
    }

    private CacheReplicationGroup group(String id) {
        CacheReplicationGroup group = groups.get(id.toLowerCase(Locale.ROOT));
        if (group == null) {
            throw AwsException.notFound("ReplicationGroupNotFoundFault", "ReplicationGroup " + id + " not found.");
        }
        return group;
    }

    private Xml write(Xml x, CacheReplicationGroup g) {
        String zone = env.world().subnets().get(0).availabilityZone();
        boolean up = g.port() != null && !g.status().equals("creating");
        x.el("ReplicationGroupId", g.id()).el("Description", g.description()).el("Status", g.status())
                .values("MemberClusters", "ClusterId", List.of(g.id() + "-001"));
        x.open("NodeGroups").open("NodeGroup").el("NodeGroupId", "0001").el("Status", g.status());
        if (up) {
            x.open("PrimaryEndpoint").el("Address", "127.0.0.1").el("Port", g.port()).close();
            x.open("ReaderEndpoint").el("Address", "127.0.0.1").el("Port", g.port()).close();
        }
        x.open("NodeGroupMembers").open("NodeGroupMember").el("CacheClusterId", g.id() + "-001").el("CacheNodeId", "0001")
                .el("PreferredAvailabilityZone", zone).el("CurrentRole", "primary").close().close();
        x.close().close();
        return x.el("AutomaticFailover", "disabled").el("MultiAZ", "disabled").el("SnapshotRetentionLimit", 0)
                .el("ClusterEnabled", false).el("CacheNodeType", g.nodeType())
                .el("AuthTokenEnabled", g.authTokenEnabled()).el("TransitEncryptionEnabled", g.transitEncryption())
                .el("AtRestEncryptionEnabled", g.atRestEncryption())
                .el("ARN", env.arn("elasticache", "replicationgroup:" + g.id())).el("DataTiering", "disabled")
                .el("AutoMinorVersionUpgrade", true).el("NetworkType", "ipv4").el("IpDiscovery", "ipv4")
                .el("ClusterMode", "disabled").el("Engine", g.engine()).el("ReplicationGroupCreateTime", g.createdAt());
    }
}
