package dev.ferry.plan;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The ElastiCache cache. {@code engine} and {@code transitEncryption} are null when the plan does not write them; they
 * are left out of the step-input digest then, so a state applied before these fields existed still matches its plan.
 *
 * <p>A plan that writes neither keeps the meaning it always had: the {@code redis} engine as a single-node cache
 * cluster, without TLS or AUTH ({@link #legacyCluster()}). A plan that writes either gets a single-node replication
 * group (ElastiCache offers TLS with an AUTH token only there): {@code engine} defaults to {@code redis} when only
 * {@code transitEncryption} is written, {@code transitEncryption} to true. New plans (the example plan, the sandbox's)
 * write {@code engine: valkey}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CacheSpec(String clusterId, String nodeType, String engineVersion, String engine,
                        Boolean transitEncryption) {
    public static final String VALKEY = "valkey";
    public static final String REDIS = "redis";

    public CacheSpec(String clusterId, String nodeType, String engineVersion) {
        this(clusterId, nodeType, engineVersion, null, null);
    }

    /** The engine ElastiCache runs: as written, or {@code redis} for a plan that names none. */
    public String engineName() {
        return engine == null ? REDIS : engine;
    }

    /** A plan written before engines and TLS: one CreateCacheCluster node, plain {@code redis://}. */
    public boolean legacyCluster() {
        return engine == null && transitEncryption == null;
    }

    /** TLS in transit with an AUTH token: true unless the plan says false or predates the field. */
    public boolean encrypted() {
        return !legacyCluster() && !Boolean.FALSE.equals(transitEncryption);
    }

    /** ElastiCache's parameter group family for this engine and version, like {@code valkey8}, {@code redis7} or {@code redis6.x}. */
    public String parameterGroupFamily() {
        String major = engineVersion == null ? "" : engineVersion.split("\\.")[0];
        return engineName() + major + (REDIS.equals(engineName()) && "6".equals(major) ? ".x" : "");
    }
}
