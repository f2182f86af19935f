package dev.ferry.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Fargate service translated from a compose service. {@code env} holds plain values; {@code secrets} maps env
 * names to SSM parameter keys (under the plan's prefix). A singleton runs at most one task, ever.
 */
public record EcsService(
        String name,
        List<String> command,
        Map<String, String> env,
        Map<String, String> secrets,
        int cpu,
        int memory,
        int desiredCount,
        boolean singleton,
        Integer port) {

    public EcsService {
        command = List.copyOf(command);
        env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
        secrets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(secrets));
    }

    /** The ECS service (and task definition family) name: the plan's name, then the compose name made ECS-safe. */
    public String serviceName(String plan) {
        return plan + "-" + ecsSafe(name);
    }

    /** A compose service name as ECS names carry it: '_' and '.' become '-' (ECS refuses '.'). */
    static String ecsSafe(String composeName) {
        return composeName.replace('_', '-').replace('.', '-');
    }
}
