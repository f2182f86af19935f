package dev.ferry.plan;

import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code target.ecs}. Env values are checked for secrets before they are interpolated: a secret-looking key is
 * never resolved from the environment, and a secret is named by its key in messages, never echoed. Each service is
 * read as a {@link Subject}, so an anchored env or secrets map that several services share is reported once.
 */
final class EcsBinder {
    private final LoadContext ctx;

    EcsBinder(LoadContext ctx) {
        this.ctx = ctx;
    }

    EcsSpec ecs(YamlMap map) {
        String cluster = map.named("cluster", true, AwsNames.ECS_CLUSTER);
        String image = map.checked("image", true, AwsNames::image);
        String executionRole = map.checked("executionRoleArn", true, ArnShapes::role);
        String taskRole = map.checked("taskRoleArn", false, ArnShapes::role);
        String logGroup = map.named("logGroup", true, AwsNames.LOG_GROUP);
        List<EcsService> services = map.map("services", true, "a map of compose service name to Fargate service")
                .map(this::services).orElse(List.of());
        map.finish();
        return new EcsSpec(cluster, image, executionRole, taskRole, logGroup, services);
    }

    private List<EcsService> services(YamlMap map) {
        List<EcsService> services = new ArrayList<>();
        Map<String, String> ecsNames = new HashMap<>();
        for (Map.Entry<String, NodeTuple> entry : map.entries().entrySet()) {
            NodeTuple tuple = entry.getValue();
            String name = entry.getKey();
            String path = map.child(name);
            Location at = Location.of(tuple.getKeyNode().getStartMark());
            if (AwsNames.COMPOSE_SERVICE.check(ctx, at, null, "service " + Values.quote(name) + " in "
                    + map.path(), name)) {
                reportClash(name, at, ecsNames);
            }
            Subject subject = Subject.ecsService(name);
            ctx.about(subject, () -> YamlMap.about(ctx, path, subject, at, tuple.getValueNode(),
                            "a map with command, env, secrets, cpu and memory")
                    .map(m -> service(name, subject, m)))
                    .ifPresent(s -> {
                        services.add(s);
                        ctx.located(path, tuple.getKeyNode());
                    });
        }
        return services;
    }

    /** Two compose names that differ only in '.', '_' or '-' would both become one ECS service. */
    private void reportClash(String name, Location at, Map<String, String> ecsNames) {
        String ecsName = EcsService.ecsSafe(name);
        String other = ecsNames.putIfAbsent(ecsName, name);
        if (other != null) {
            ctx.problem(at, "ECS services '" + other + "' and '" + name + "' would both be named '<plan name>-"
                    + ecsName + "' on ECS (ferry writes '_' and '.' as '-'); rename one of the compose services");
        }
    }

    private EcsService service(String name, Subject subject, YamlMap map) {
        List<String> command = map.stringList("command", false);
        Map<String, String> env = map.map("env", false, "a map of env name to value")
                .map(m -> env(m, subject)).orElse(Map.of());
        Map<String, String> secrets = map.map("secrets", false, "a map of env name to SSM parameter key")
                .map(m -> secrets(m, subject)).orElse(Map.of());
        Integer cpu = map.integer("cpu", null, 256, 16384);
        Integer memory = map.integer("memory", null, 512, 122880);
        Integer desired = map.integer("desiredCount", 1, 0, 100);
        Boolean singleton = map.bool("singleton", false);
        Integer port = map.optionalInteger("port", 1, 65535);
        map.finish();
        return new EcsService(name, command == null ? List.of() : command, env, secrets, cpu == null ? 0 : cpu,
                memory == null ? 0 : memory, desired == null ? 1 : desired, Boolean.TRUE.equals(singleton), port);
    }

    private Map<String, String> env(YamlMap map, Subject subject) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map.Entry<String, NodeTuple> entry : map.entries().entrySet()) {
            String key = entry.getKey();
            Node keyNode = entry.getValue().getKeyNode();
            Node value = entry.getValue().getValueNode();
            String where = "env '" + key + "' of " + subject.phrase();
            if (!envName(key, keyNode, where, subject)) {
                continue;
            }
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

    private boolean envName(String key, Node keyNode, String described, Subject subject) {
        return AwsNames.ENV_NAME.check(ctx, Location.of(keyNode.getStartMark()), subject, described, key);
    }

    private Optional<String> plain(YamlMap map, String key, Node value, String where) {
        String text = map.values().text(value, map.label(key));
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

    private Map<String, String> secrets(YamlMap map, Subject subject) {
        Map<String, String> secrets = new LinkedHashMap<>();
        for (Map.Entry<String, NodeTuple> entry : map.entries().entrySet()) {
            Node value = entry.getValue().getValueNode();
            String described = "secret '" + entry.getKey() + "' of " + subject.phrase();
            if (!envName(entry.getKey(), entry.getValue().getKeyNode(), described, subject)) {
                continue;
            }
            String key = map.values().text(value, map.label(entry.getKey()));
            if (key != null) {
                secrets.put(entry.getKey(), key);
                ctx.located(map.child(entry.getKey()), value);
            }
        }
        return secrets;
    }
}
