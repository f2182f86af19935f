package dev.ferry.sandbox.aws;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An ElastiCache replication group of one node (cluster mode disabled); {@code port} is set once its Redis runs. */
record CacheReplicationGroup(String id, String description, String engine, String engineVersion, String nodeType,
                             String status, Integer port, String subnetGroup, List<String> securityGroupIds,
                             Instant createdAt, boolean transitEncryption, boolean authTokenEnabled,
                             boolean atRestEncryption, Map<String, String> tags) {

    CacheReplicationGroup withStatus(String newStatus) {
        return new CacheReplicationGroup(id, description, engine, engineVersion, nodeType, newStatus, port, subnetGroup,
                securityGroupIds, createdAt, transitEncryption, authTokenEnabled, atRestEncryption, tags);
    }

    CacheReplicationGroup withPort(int newPort) {
        return new CacheReplicationGroup(id, description, engine, engineVersion, nodeType, status, newPort, subnetGroup,
                securityGroupIds, createdAt, transitEncryption, authTokenEnabled, atRestEncryption, tags);
    }

    CacheReplicationGroup withTags(Map<String, String> more) {
        Map<String, String> merged = new LinkedHashMap<>(tags);
        merged.putAll(more);
        return new CacheReplicationGroup(id, description, engine, engineVersion, nodeType, status, port, subnetGroup,
                securityGroupIds, createdAt, transitEncryption, authTokenEnabled, atRestEncryption, merged);
    }
}
