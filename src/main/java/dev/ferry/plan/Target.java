package dev.ferry.plan;

import java.util.regex.Pattern;

/** The AWS side: account location and the resources ferry creates there. */
public record Target(
        String region,
        String profile,
        Network network,
        DatabaseSpec database,
        CacheSpec cache,
        ParameterSpec parameters,
        EcsSpec ecs) {

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

    /** True for a name shaped like an AWS region (eu-west-1, us-gov-east-1); whether it exists is AWS's to say. */
    public static boolean isRegion(String name) {
        return REGION.matcher(name).matches();
    }
}
