package dev.ferry.plan;

/** The ElastiCache Redis cluster. */
public record CacheSpec(String clusterId, String nodeType, String engineVersion) {
}
