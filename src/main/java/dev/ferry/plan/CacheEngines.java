package dev.ferry.plan;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** What {@code target.cache} may ask of ElastiCache: the engines and versions it offers, and no cluster mode. */
final class CacheEngines {
    /** The versions ElastiCache offers per engine (redis 6.x and 7.x as ElastiCache names them). */
    static final Map<String, List<String>> VERSIONS = Map.of(
            CacheSpec.VALKEY, List.of("7.2", "8.0", "8.1"),
            CacheSpec.REDIS, List.of("6.0", "6.2", "6.x", "7.0", "7.1"));
    static final String WHY_SINGLE_NODE = "Redash's job queue (RQ) needs database 0 as one keyspace (multi-key"
            + " transactions) and CLIENT LIST, which ElastiCache Serverless and cluster mode do not serve";

    private final LoadContext ctx;

    CacheEngines(LoadContext ctx) {
        this.ctx = ctx;
    }

    static Optional<String> engine(String engine) {
        return VERSIONS.containsKey(engine) ? Optional.empty()
                : Optional.of("is not an ElastiCache engine ferry can move Redash to; write valkey or redis");
    }

    static Optional<String> version(String engine, String version) {
        List<String> offered = VERSIONS.get(engine);
        return offered.contains(version) ? Optional.empty() : Optional.of("is not a " + engine + " version ElastiCache"
                + " offers; write one of " + offered + ", quoted, like \"" + offered.get(offered.size() - 1) + "\"");
    }

    /** {@code serverless: true}, {@code clusterMode: enabled} and {@code numNodeGroups} above 1 are refused where written. */
    void refuseClusterMode(YamlMap map) {
        map.claim("serverless").map(t -> t.getValueNode()).filter(n -> !is(n, "false"))
                .ifPresent(n -> refuse(map, n, "serverless: true"));
        map.claim("clusterMode").map(t -> t.getValueNode()).filter(n -> !is(n, "disabled"))
                .ifPresent(n -> refuse(map, n, "clusterMode: " + text(n)));
        map.claim("numNodeGroups").map(t -> t.getValueNode()).filter(n -> !is(n, "1"))
                .ifPresent(n -> refuse(map, n, "numNodeGroups: " + text(n)));
    }

    private void refuse(YamlMap map, Node node, String what) {
        ctx.problem(node, map.path() + "." + what + " is refused: " + WHY_SINGLE_NODE + "; remove it (ferry creates"
                + " one node, cluster mode disabled)");
    }

    private static boolean is(Node node, String value) {
        return node instanceof ScalarNode scalar && scalar.getValue().strip().equalsIgnoreCase(value);
    }

    private static String text(Node node) {
        return node instanceof ScalarNode scalar ? scalar.getValue() : Values.describe(node);
    }
}
