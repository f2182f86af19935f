package dev.ferry.plan;

import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads {@code target}: region, network, the RDS and ElastiCache specs, SSM parameters and ECS. */
final class TargetBinder {
    private static final Pattern ENGINE_VERSION = Pattern.compile("\\d+(\\.\\d+)*");
    private static final Pattern INSTANCE_CLASS = Pattern.compile("db\\.[a-z0-9-]+\\.[a-z0-9]+");
    private static final Pattern NODE_TYPE = Pattern.compile("cache\\.[a-z0-9-]+\\.[a-z0-9]+");
    private static final String SUBNETS = "target.network.subnetIds";

    private final LoadContext ctx;

    TargetBinder(LoadContext ctx) {
        this.ctx = ctx;
    }

    Target target(YamlMap map) {
        String region = map.checked("region", true, TargetBinder::region);
        String profile = map.string("profile", false, null);
        Network network = map.map("network", true, "a map with vpcId, subnetIds and hostSecurityGroupId")
                .map(this::network).orElse(null);
        DatabaseSpec database = map.map("database", true, "a map describing the RDS instance")
                .map(this::database).orElse(null);
        CacheSpec cache = map.map("cache", true, "a map describing the ElastiCache cluster").map(this::cache)
                .orElse(null);
        ParameterSpec parameters = map.map("parameters", true, "a map with prefix and carry")
                .map(this::parameters).orElse(null);
        EcsSpec ecs = map.map("ecs", true, "a map describing the ECS cluster and services")
                .map(m -> new EcsBinder(ctx).ecs(m)).orElse(null);
        map.finish();
        return new Target(region, profile, network, database, cache, parameters, ecs);
    }

    static Optional<String> region(String region) {
        if (AwsRegions.isKnown(region)) {
            return Optional.empty();
        }
        return Optional.of("is not a public AWS region" + DidYouMean.suggest(region, AwsRegions.all())
                .map(r -> "; did you mean '" + r + "'?").orElse("; use a region code like eu-west-1"));
    }

    private Network network(YamlMap map) {
        String vpc = map.checked("vpcId", true, id -> AwsIds.ec2(id, "vpc"));
        List<String> subnets = subnets(map);
        String hostGroup = map.checked("hostSecurityGroupId", true, id -> AwsIds.ec2(id, "sg"));
        map.finish();
        return new Network(vpc, subnets, hostGroup);
    }

    /** Each subnet id is checked where it is written; a subnet listed twice does not count twice. */
    private List<String> subnets(YamlMap map) {
        List<String> subnets = map.stringList("subnetIds", true);
        if (subnets == null) {
            return List.of();
        }
        List<Node> items = ((SequenceNode) map.entries().get("subnetIds").getValueNode()).getValue();
        Map<String, Location> seen = new HashMap<>();
        List<String> distinct = new ArrayList<>();
        for (int i = 0; i < subnets.size(); i++) {
            String id = subnets.get(i);
            Location at = Location.of(items.get(i).getStartMark());
            Optional<String> shape = AwsIds.ec2(id, "subnet");
            if (shape.isPresent()) {
                ctx.problem(at, Subject.field(SUBNETS), "'" + id + "' in " + SUBNETS + " " + shape.get());
            } else if (seen.putIfAbsent(id, at) != null) {
                ctx.problem(at, "subnet '" + id + "' is listed twice in " + SUBNETS + " (first at line "
                        + seen.get(id).line() + "); list each subnet once, in at least 2 availability zones");
            } else {
                distinct.add(id);
            }
        }
        if (subnets.size() < 2) {
            ctx.problem(ctx.at(SUBNETS).orElseThrow(), SUBNETS + " has " + subnets.size() + " subnet; RDS and"
                    + " ElastiCache subnet groups need at least 2, in different availability zones");
        }
        return distinct;
    }

    private DatabaseSpec database(YamlMap map) {
        String identifier = map.named("identifier", true, AwsNames.RDS_IDENTIFIER);
        String version = map.checked("engineVersion", true, v -> ENGINE_VERSION.matcher(v).matches()
                ? Optional.empty() : Optional.of("is not a PostgreSQL version; write it quoted, like \"16.4\""));
        String instanceClass = map.checked("instanceClass", true, c -> INSTANCE_CLASS.matcher(c).matches()
                ? Optional.empty() : Optional.of("is not an RDS instance class; write one like db.t4g.medium"));
        Integer storage = map.integer("allocatedStorageGb", null, 20, 65536);
        String name = map.named("name", true, AwsNames.DATABASE_NAME);
        String username = map.named("username", true, AwsNames.MASTER_USERNAME);
        Integer retention = map.integer("backupRetentionDays", 7, 1, 35);
        Boolean multiAz = map.bool("multiAz", false);
        String caBundle = map.string("caBundle", false, DatabaseSpec.DEFAULT_CA_BUNDLE);
        map.finish();
        return new DatabaseSpec(identifier, version, instanceClass, storage == null ? 0 : storage, name, username,
                retention == null ? 7 : retention, Boolean.TRUE.equals(multiAz), caBundle);
    }

    private CacheSpec cache(YamlMap map) {
        String clusterId = map.named("clusterId", true, AwsNames.CACHE_CLUSTER_ID);
        String nodeType = map.checked("nodeType", true, t -> NODE_TYPE.matcher(t).matches() ? Optional.empty()
                : Optional.of("is not an ElastiCache node type; write one like cache.t4g.small"));
        String engine = map.checked("engine", false, CacheEngines::engine);
        String version = engine == null ? map.string("engineVersion", true, null)
                : map.checked("engineVersion", true, v -> CacheEngines.version(engine, v));
        Boolean transit = map.claim("transitEncryption").isPresent() ? map.bool("transitEncryption", true) : null;
        new CacheEngines(ctx).refuseClusterMode(map);
        map.finish();
        return new CacheSpec(clusterId, nodeType, version, engine, transit);
    }

    private ParameterSpec parameters(YamlMap map) {
        String prefix = map.checked("prefix", true, AwsNames::ssmPrefix);
        List<String> carry = map.claim("carry").map(t -> carry(t.getValueNode())).orElse(List.of());
        map.finish();
        return new ParameterSpec(prefix, carry);
    }

    private List<String> carry(Node node) {
        if (!(node instanceof SequenceNode seq)) {
            ctx.problem(node, "target.parameters.carry must be a list of env file keys, got " + Values.describe(node));
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        Map<String, Location> seen = new HashMap<>();
        Values values = new Values(ctx);
        for (Node item : seq.getValue()) {
            String key = values.text(item, "each item of target.parameters.carry");
            Location at = Location.of(item.getStartMark());
            if (key != null && seen.putIfAbsent(key, at) != null) {
                ctx.problem(at, "carry key '" + key + "' is listed twice in target.parameters.carry; it is already"
                        + " listed at line " + seen.get(key).line());
            } else if (key != null && AwsNames.ENV_NAME.check(ctx, at, "target.parameters.carry", key)) {
                keys.add(key);
                ctx.located("target.parameters.carry." + key, at);
            }
        }
        ctx.located("target.parameters.carry", Location.of(node.getStartMark()));
        return keys;
    }
}
