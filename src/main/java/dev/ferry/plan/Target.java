package dev.ferry.plan;

/** The AWS side: account location and the resources ferry creates there. */
public record Target(
        String region,
        String profile,
        Network network,
        DatabaseSpec database,
        CacheSpec cache,
        ParameterSpec parameters,
        EcsSpec ecs) {
}
