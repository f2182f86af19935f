package dev.ferry.plan;

import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads {@code target}: region, network, the RDS and ElastiCache specs, SSM parameters and ECS. */
final class TargetBinder {
    private static final Pattern ENGINE_VERSION = Pattern.compile("\\d+(\\.\\d+)*");
    private static final Pattern RDS_IDENTIFIER = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    private final LoadContext ctx;

    TargetBinder(LoadContext ctx) {
        this.ctx = ctx;
    }

    Target target(YamlMap map) {
        String region = map.string("region", true, null);
        if (region != null && !Target.isRegion(region)) {
            ctx.problem(ctx.at("target.region").orElseThrow(), "target.region must be an AWS region like"
                    + " eu-west-1, got " + Values.quote(region));
        }
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

    private Network network(YamlMap map) {
        String vpc = prefixed(map, "vpcId", "vpc-");
        List<String> subnets = map.stringList("subnetIds", true);
        if (subnets != null) {
            subnets.stream().filter(s -> !s.startsWith("subnet-")).findFirst().ifPresent(s -> ctx.problem(
                    ctx.at("target.network.subnetIds").orElseThrow(), "target.network.subnetIds must hold subnet ids"
                            + " (subnet-...), got " + Values.quote(s)));
            if (subnets.size() < 2) {
                ctx.problem(ctx.at("target.network.subnetIds").orElseThrow(), "target.network.subnetIds has "
                        + subnets.size() + " subnet; RDS and ElastiCache subnet groups need at least 2, in different"
                        + " availability zones");
            }
        }
        String hostGroup = prefixed(map, "hostSecurityGroupId", "sg-");
        map.finish();
        return new Network(vpc, subnets == null ? List.of() : subnets, hostGroup);
    }

    private DatabaseSpec database(YamlMap map) {
        String identifier = map.string("identifier", true, null);
        if (identifier != null && !(RDS_IDENTIFIER.matcher(identifier).matches() && identifier.length() <= 63)) {
            ctx.problem(ctx.at("target.database.identifier").orElseThrow(), "target.database.identifier must be"
                    + " 1 to 63 lowercase letters, digits or '-', starting with a letter, got "
                    + Values.quote(identifier));
        }
        String version = map.string("engineVersion", true, null);
        if (version != null && !ENGINE_VERSION.matcher(version).matches()) {
            ctx.problem(ctx.at("target.database.engineVersion").orElseThrow(), "target.database.engineVersion must"
                    + " be a PostgreSQL version like \"16.4\", got " + Values.quote(version));
            version = null;
        }
        String instanceClass = prefixed(map, "instanceClass", "db.");
        Integer storage = map.integer("allocatedStorageGb", null, 20, 65536);
        String name = map.string("name", true, null);
        String username = map.string("username", true, null);
        Integer retention = map.integer("backupRetentionDays", 7, 1, 35);
        Boolean multiAz = map.bool("multiAz", false);
        map.finish();
        return new DatabaseSpec(identifier, version, instanceClass, storage == null ? 0 : storage, name, username,
                retention == null ? 7 : retention, Boolean.TRUE.equals(multiAz));
    }

    private CacheSpec cache(YamlMap map) {
        String clusterId = map.string("clusterId", true, null);
        String nodeType = prefixed(map, "nodeType", "cache.");
        String version = map.string("engineVersion", true, null);
        map.finish();
        return new CacheSpec(clusterId, nodeType, version);
    }

    private ParameterSpec parameters(YamlMap map) {
        String prefix = map.string("prefix", true, null);
        if (prefix != null && (!prefix.startsWith("/") || prefix.endsWith("/"))) {
            ctx.problem(ctx.at("target.parameters.prefix").orElseThrow(), "target.parameters.prefix must start"
                    + " with '/' and not end with '/', like /ferry/redash, got " + Values.quote(prefix));
        }
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
            } else if (key != null) {
                keys.add(key);
                ctx.located("target.parameters.carry." + key, at);
            }
        }
        ctx.located("target.parameters.carry", Location.of(node.getStartMark()));
        return keys;
    }

    private String prefixed(YamlMap map, String key, String prefix) {
        String value = map.string(key, true, null);
        if (value != null && !value.startsWith(prefix)) {
            ctx.problem(ctx.at(map.child(key)).orElseThrow(), map.child(key) + " must start with '" + prefix
                    + "', got " + Values.quote(value));
            return null;
        }
        return value;
    }
}
