package dev.ferry.plan;

import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code target.ecs}. Env values are checked for secrets before they are interpolated: a secret-looking key is
 * never resolved from the environment, and a secret is named by its key in messages, never echoed.
 */
final class EcsBinder {
    private final LoadContext ctx;

    EcsBinder(LoadContext ctx) {
        this.ctx = ctx;
    }

    EcsSpec ecs(YamlMap map) {
        String cluster = map.string("cluster", true, null);
        String image = map.string("image", true, null);
        String executionRole = PlanBinder.arn(map, "executionRoleArn", true);
        String taskRole = PlanBinder.arn(map, "taskRoleArn", false);
        String logGroup = map.string("logGroup", true, null);
        List<EcsService> services = map.map("services", true, "a map of compose service name to Fargate service")
                .map(this::services).orElse(List.of());
        map.finish();
        return new EcsSpec(cluster, image, executionRole, taskRole, logGroup, services);
    }

    private List<EcsService> services(YamlMap map) {
        List<EcsService> services = new ArrayList<>();
        for (Map.Entry<String, NodeTuple> entry : map.entries().entrySet()) {
            NodeTuple tuple = entry.getValue();
            String path = map.child(entry.getKey());
            YamlMap.of(ctx, path, Location.of(tuple.getKeyNode().getStartMark()), tuple.getValueNode(),
                            "a map with command, env, secrets, cpu and memory")
                    .map(m -> service(entry.getKey(), m))
                    .ifPresent(s -> {
                        services.add(s);
                        ctx.located(path, tuple.getKeyNode());
                    });
        }
        return services;
    }

    private EcsService service(String name, YamlMap map) {
        List<String> command = map.stringList("command", false);
        Map<String, String> env = map.map("env", false, "a map of env name to value")
                .map(this::env).orElse(Map.of());
        Map<String, String> secrets = map.map("secrets", false, "a map of env name to SSM parameter key")
                .map(this::secrets).orElse(Map.of());
        Integer cpu = map.integer("cpu", null, 256, 16384);
        Integer memory = map.integer("memory", null, 512, 122880);
        Integer desired = map.integer("desiredCount", 1, 0, 100);
        Boolean singleton = map.bool("singleton", false);
        Integer port = map.optionalInteger("port", 1, 65535);
        map.finish();
        return new EcsService(name, command == null ? List.of() : command, env, secrets, cpu == null ? 0 : cpu,
                memory == null ? 0 : memory, desired == null ? 1 : desired, Boolean.TRUE.equals(singleton), port);
    }

    private Map<String, String> env(YamlMap map) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map.Entry<String, NodeTuple> entry : map.entries().entrySet()) {
            String key = entry.getKey();
            Node keyNode = entry.getValue().getKeyNode();
            Node value = entry.getValue().getValueNode();
            String where = "env '" + key + "' of " + map.path().replace(".env", "");
            if (SecretShapes.looksSecretName(key)) {
                ctx.problem(keyNode, where + " looks like a secret written in plain text; list it under secrets"
                        + " (read from SSM) and its key in target.parameters.carry, not under env");
            } else if (value instanceof ScalarNode scalar && refersToSecret(scalar)) {
                ctx.problem(value, where + " reads a secret-looking environment variable into the plan; list it"
                        + " under secrets (read from SSM) instead");
            } else {
                plain(map, key, value, where).ifPresent(v -> env.put(key, v));
            }
        }
        return env;
    }

    private Optional<String> plain(YamlMap map, String key, Node value, String where) {
        String text = map.values().text(value, map.child(key));
        if (text != null && SecretShapes.hasUrlPassword(text)) {
            ctx.problem(value, where + " is a URL with a password in plain text; list it under secrets (read from"
                    + " SSM) and its key in target.parameters.carry, not under env");
            return Optional.empty();
        }
        return Optional.ofNullable(text);
    }

    private static boolean refersToSecret(ScalarNode scalar) {
        return Interpolation.referencedNames(scalar.getValue()).stream().anyMatch(SecretShapes::looksSecretName);
    }

    private Map<String, String> secrets(YamlMap map) {
        Map<String, String> secrets = new LinkedHashMap<>();
        for (Map.Entry<String, NodeTuple> entry : map.entries().entrySet()) {
            Node value = entry.getValue().getValueNode();
            String key = map.values().text(value, map.child(entry.getKey()));
            if (key != null) {
                secrets.put(entry.getKey(), key);
                ctx.located(map.child(entry.getKey()), value);
            }
        }
        return secrets;
    }
}
