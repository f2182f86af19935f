package dev.ferry.sandbox.aws;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An RDS DB instance as DescribeDBInstances shows it; {@code port} is set once its PostgreSQL runs. */
record DbInstance(String id, String resourceId, String instanceClass, String engineVersion, int major, String status,
                  String masterUsername, String dbName, Integer port, int allocatedStorage, Instant createdAt,
                  int backupRetention, List<String> securityGroupIds, String parameterGroup, String subnetGroup,
                  boolean multiAz, boolean publiclyAccessible, boolean storageEncrypted, boolean deletionProtection,
                  boolean copyTagsToSnapshot, Map<String, String> tags) {

    DbInstance withStatus(String newStatus) {
        return new DbInstance(id, resourceId, instanceClass, engineVersion, major, newStatus, masterUsername, dbName,
                port, allocatedStorage, createdAt, backupRetention, securityGroupIds, parameterGroup, subnetGroup,
                multiAz, publiclyAccessible, storageEncrypted, deletionProtection, copyTagsToSnapshot, tags);
    }

    DbInstance withPort(int newPort) {
        return new DbInstance(id, resourceId, instanceClass, engineVersion, major, status, masterUsername, dbName,
                newPort, allocatedStorage, createdAt, backupRetention, securityGroupIds, parameterGroup, subnetGroup,
                multiAz, publiclyAccessible, storageEncrypted, deletionProtection, copyTagsToSnapshot, tags);
    }

    DbInstance modified(boolean newDeletionProtection, int newBackupRetention, String newClass) {
        return new DbInstance(id, resourceId, newClass, engineVersion, major, status, masterUsername, dbName,
                port, allocatedStorage, createdAt, newBackupRetention, securityGroupIds, parameterGroup, subnetGroup,
                multiAz, publiclyAccessible, storageEncrypted, newDeletionProtection, copyTagsToSnapshot, tags);
    }

    DbInstance withTags(Map<String, String> more) {
        Map<String, String> merged = new LinkedHashMap<>(tags);
        merged.putAll(more);
        return new DbInstance(id, resourceId, instanceClass, engineVersion, major, status, masterUsername, dbName,
                port, allocatedStorage, createdAt, backupRetention, securityGroupIds, parameterGroup, subnetGroup,
                multiAz, publiclyAccessible, storageEncrypted, deletionProtection, copyTagsToSnapshot, merged);
    }
}
