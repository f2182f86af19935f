package dev.ferry.sandbox.aws;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** RDS DB snapshots: final snapshots taken when an instance is deleted, with their own tags. */
final class RdsSnapshots {
    private final Env env;
    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();

    record Snapshot(String id, String instanceId, String engineVersion, Instant createdAt, Map<String, String> tags) {
    }

    RdsSnapshots(Env env) {
        this.env = env;
    }

    void takeFinal(String snapshotId, DbInstance instance, boolean copyTags) {
        if (snapshots.containsKey(snapshotId)) {
            throw AwsException.badRequest("DBSnapshotAlreadyExists", "Cannot create the snapshot because a snapshot"
                    + " with the identifier " + snapshotId + " already exists.");
        }
        snapshots.put(snapshotId, new Snapshot(snapshotId, instance.id(), instance.engineVersion(), Instant.now(),
                new LinkedHashMap<>(copyTags ? instance.tags() : Map.of())));
    }

    void describe(QueryParams p, Xml out) {
        String id = p.get("DBSnapshotIdentifier");
        String instance = p.get("DBInstanceIdentifier");
        if (id != null && !snapshots.containsKey(id)) {
            throw AwsException.notFound("DBSnapshotNotFound", "DBSnapshot " + id + " not found.");
        }
        List<Snapshot> found = snapshots.values().stream().filter(s -> id == null || s.id().equals(id))
                .filter(s -> instance == null || s.instanceId().equals(instance))
                .sorted(java.util.Comparator.comparing(Snapshot::id)).toList();
        out.list("DBSnapshots", "DBSnapshot", found, (x, s) -> x.el("DBSnapshotIdentifier", s.id())
                .el("DBInstanceIdentifier", s.instanceId()).el("SnapshotCreateTime", s.createdAt())
                .el("Engine", "postgres").el("EngineVersion", s.engineVersion()).el("Status", "available")
                .el("SnapshotType", "manual").el("Encrypted", true).el("DBSnapshotArn", arn(s.id()))
                .tags("TagList", "Tag", "Key", "Value", s.tags()));
    }

    void delete(QueryParams p, Xml out) {
        String id = p.require("DBSnapshotIdentifier");
        Snapshot gone = snapshots.remove(id);
        if (gone == null) {
            throw AwsException.notFound("DBSnapshotNotFound", "DBSnapshot " + id + " not found.");
        }
        out.open("DBSnapshot").el("DBSnapshotIdentifier", id).el("Status", "deleted").close();
    }

    /** The snapshot's tags when {@code arn} names one of them. */
    Optional<Map<String, String>> tagsOf(String arn) {
        return snapshotId(arn).map(snapshots::get).map(Snapshot::tags);
    }

    boolean addTags(String arn, Map<String, String> tags) {
        Optional<Snapshot> snapshot = snapshotId(arn).map(snapshots::get);
        snapshot.ifPresent(s -> s.tags().putAll(tags));
        return snapshot.isPresent();
    }

    private Optional<String> snapshotId(String arn) {
        int at = arn.indexOf(":snapshot:");
        return at < 0 ? Optional.empty() : Optional.of(arn.substring(at + ":snapshot:".length()));
    }

    private String arn(String id) {
        return env.arn("rds", "snapshot:" + id);
    }
}
