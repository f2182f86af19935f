package dev.ferry.sandbox.aws;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An ElastiCache (Redis) cluster of one node; {@code port} is set once its Redis runs. */
record CacheCluster(String id, String nodeType, String engineVersion, String status, Integer port, String subnetGroup,
                    List<String> securityGroupIds, Instant createdAt, boolean transitEncryption,
                    Map<String, String> tags) {

    CacheCluster withStatus(String newStatus) {
        return new CacheCluster(id, nodeType, engineVersion, newStatus, port, subnetGroup, securityGroupIds, createdAt,
                transitEncryption, tags);
    }

    CacheCluster withPort(int newPort) {
        return new CacheCluster(id, nodeType, engineVersion, status, newPort, subnetGroup, securityGroupIds, createdAt,
                transitEncryption, tags);
    }

    CacheCluster withTags(Map<String, String> more) {
        Map<String, String> merged = new LinkedHashMap<>(tags);
        merged.putAll(more);
        return new CacheCluster(id, nodeType, engineVersion, status, port, subnetGroup, securityGroupIds, createdAt,
                transitEncryption, merged);
    }
}
