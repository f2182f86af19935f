package dev.ferry.sandbox.aws;

import dev.ferry.FerryException;
import dev.ferry.sandbox.local.PostgresBinaries;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * RDS: DB instances backed by real PostgreSQL (creating → backing-up → available; deleting → gone; creating → failed
 * when {@link Faults#failNextCreation} says so), their events, subnet and parameter groups, tags.
 */
final class RdsHandler implements QueryProtocol.Operations {
    static final String NAMESPACE = "http://rds.amazonaws.com/doc/2014-10-31/";
    /** From these states DeleteDBInstance must skip the final snapshot (AWS's DeleteDBInstance reference). */
    private static final Set<String> NO_SNAPSHOT = Set.of("failed", "incompatible-restore", "incompatible-network");
    private static final Set<String> UNMODIFIABLE = Set.of("creating", "deleting", "failed", "incompatible-restore",
            "incompatible-network", "incompatible-parameters");

    private final Env env;
    private final RdsGroups groups;
    private final PostgresInstances servers;
    private final Predicate<String> securityGroupExists;
    private final Map<String, DbInstance> instances = new ConcurrentHashMap<>();
    private final RdsSnapshots snapshots;
    private final RdsEvents events;
    private final Faults faults;

    RdsHandler(Env env, PostgresInstances servers, Faults faults, Predicate<String> securityGroupExists) {
        this.env = env;
        this.faults = faults;
        this.events = new RdsEvents(env);
        this.groups = new RdsGroups(env);
        this.snapshots = new RdsSnapshots(env);
        this.servers = servers;
        this.securityGroupExists = securityGroupExists;
    }

    @Override
    public void call(String action, QueryParams p, Xml out) {
        switch (action) {
            case "CreateDBInstance" -> writeInstance(out, create(p));
            case "DescribeDBInstances" -> out.list("DBInstances", "DBInstance", describe(p), this::writeFields);
            case "ModifyDBInstance" -> writeInstance(out, modify(p));
            case "DeleteDBInstance" -> writeInstance(out, delete(p));
            case "CreateDBSubnetGroup" -> groups.createSubnetGroup(p, out);
            case "DescribeDBSubnetGroups" -> groups.describeSubnetGroups(p, out);
            case "DeleteDBSubnetGroup" -> groups.deleteSubnetGroup(p, name -> using(i -> i.subnetGroup().equals(name)));
            case "CreateDBParameterGroup" -> groups.createParameterGroup(p, out);
            case "DescribeDBParameterGroups" -> groups.describeParameterGroups(p, out);
            case "DeleteDBParameterGroup" -> groups.deleteParameterGroup(p, name -> using(i -> i.parameterGroup().equals(name)));
            case "DescribeEvents" -> events.describe(p, out);
            case "DescribeDBSnapshots" -> snapshots.describe(p, out);
            case "DeleteDBSnapshot" -> snapshots.delete(p, out);
            case "ListTagsForResource" -> out.tags("TagList", "Tag", "Key", "Value", tagsOf(p.require("ResourceName")));
            case "AddTagsToResource" -> addTags(p.require("ResourceName"), p.tags("Tags"));
            default -> throw QueryProtocol.unknownAction(action);
        }
    }

    /** The instance using the security group, if any. */
    Optional<String> userOf(String securityGroupId) {
        return instances.values().stream().filter(i -> i.securityGroupIds().contains(securityGroupId))
                .map(i -> "db:" + i.id()).findFirst();
    }

    private synchronized DbInstance create(QueryParams p) {
        String id = p.require("DBInstanceIdentifier").toLowerCase(Locale.ROOT);
        if (instances.containsKey(id)) {
            throw AwsException.badRequest("DBInstanceAlreadyExists", "DB instance already exists");
        }
        if (!"postgres".equals(p.require("Engine"))) {
            throw AwsException.badRequest("InvalidParameterValue", "The sandbox runs the postgres engine only");
        }
        String version = p.get("EngineVersion", "16.10");
        int major = majorOf(version);
        String password = p.require("MasterUserPassword");
        if (password.length() < 8) {
            throw AwsException.badRequest("InvalidParameterValue", "The parameter MasterUserPassword is not a valid "
                    + "password because it is shorter than 8 characters.");
        }
        String subnetGroup = groups.subnetGroup(p.require("DBSubnetGroupName")).name();
        NamedGroup parameterGroup = groups.parameterGroup(p.get("DBParameterGroupName", "default.postgres" + major));
        if (!parameterGroup.family().equals("postgres" + major)) {
            throw AwsException.badRequest("InvalidParameterCombination", "The parameter group " + parameterGroup.name()
                    + " with DBParameterGroupFamily " + parameterGroup.family() + " can't be used for this instance.");
        }
        List<String> sgs = p.values("VpcSecurityGroupIds");
        sgs.stream().filter(securityGroupExists.negate()).findFirst().ifPresent(sg -> {
            throw AwsException.badRequest("InvalidParameterValue", "Invalid security group , groupId= " + sg);
        });
        DbInstance instance = new DbInstance(id, "db-" + Ids.upper(26), p.require("DBInstanceClass"), version, major,
                "creating", p.require("MasterUsername"), p.get("DBName"), null, p.integer("AllocatedStorage", 20),
                Instant.now(), p.integer("BackupRetentionPeriod", 1), sgs, parameterGroup.name(), subnetGroup,
                p.bool("MultiAZ", false), p.bool("PubliclyAccessible", false), p.bool("StorageEncrypted", false),
                p.bool("DeletionProtection", false), p.bool("CopyTagsToSnapshot", false), p.tags("Tags"));
        instances.put(id, instance);
        Optional<String> failure = faults.takeCreationFailure("rds");
        if (failure.isPresent()) {
            env.later(env.delays().rdsCreate(), "RDS failed", () -> fail(id, failure.get()));
        } else {
            env.background("create RDS instance " + id, () -> provision(instance, password));
        }
        return instance;
    }

    private void provision(DbInstance instance, String password) {
        long started = System.nanoTime();
        int port;
        try {
            port = servers.create(instance.id(), instance.major(), instance.masterUsername(), password, instance.dbName());
        } catch (RuntimeException e) {
            fail(instance.id(), "The DB instance could not be created: " + e.getMessage());
            throw e;
        }
        instances.computeIfPresent(instance.id(), (k, i) -> i.withPort(port));
        Duration left = env.delays().rdsCreate().minusNanos(System.nanoTime() - started);
        env.later(left.isNegative() ? Duration.ZERO : left, "RDS backing-up", () -> {
            transition(instance.id(), "creating", "backing-up");
            events.dbInstance(instance.id(), "backup", "Backing up DB instance");
            env.later(env.delays().rdsBackup(), "RDS available", () -> {
                transition(instance.id(), "backing-up", "available");
                events.dbInstance(instance.id(), "backup", "Finished DB Instance backup");
                events.dbInstance(instance.id(), "creation", "DB instance created");
            });
        });
    }

    private void fail(String id, String reason) {
        transition(id, "creating", "failed");
        events.dbInstance(id, "failure", reason);
    }

    private void transition(String id, String from, String to) {
        instances.computeIfPresent(id, (k, i) -> i.status().equals(from) ? i.withStatus(to) : i);
    }

    private static int majorOf(String version) {
        int major = (int) Double.parseDouble(version.startsWith("9.") ? "9" : version.replaceAll("^(\\d+).*", "$1"));
        try {
            PostgresBinaries.binDirectory(major);
        } catch (FerryException e) {
            throw AwsException.badRequest("InvalidParameterCombination", "Cannot find version " + version + " for postgres");
        }
        return major;
    }

    private List<DbInstance> describe(QueryParams p) {
        String id = p.get("DBInstanceIdentifier");
        if (id != null) {
            return List.of(instance(id));
        }
        List<String> ids = p.members("Filters").stream().filter(f -> "db-instance-id".equals(f.get("Name")))
                .flatMap(f -> f.values("Values").stream()).toList();
        return instances.values().stream().filter(i -> ids.isEmpty() || ids.contains(i.id()))
                .sorted(java.util.Comparator.comparing(DbInstance::id)).toList();
    }

    private synchronized DbInstance modify(QueryParams p) {
        DbInstance current = instance(p.require("DBInstanceIdentifier"));
        if (UNMODIFIABLE.contains(current.status())) {
            throw AwsException.badRequest("InvalidDBInstanceState", "Database instance is not in available state.");
        }
        String password = p.get("MasterUserPassword");
        if (password != null) {
            servers.changePassword(current.id(), current.masterUsername(), password);
        }
        DbInstance modified = current.modified(p.bool("DeletionProtection", current.deletionProtection()),
                p.integer("BackupRetentionPeriod", current.backupRetention()),
                p.get("DBInstanceClass", current.instanceClass()));
        instances.put(modified.id(), modified);
        return modified;
    }

    private synchronized DbInstance delete(QueryParams p) {
        DbInstance current = instance(p.require("DBInstanceIdentifier"));
        if (current.deletionProtection()) {
            throw AwsException.badRequest("InvalidParameterCombination",
                    "Cannot delete protected DB Instance, please disable deletion protection and try again.");
        }
        if (!p.bool("SkipFinalSnapshot", false) && p.get("FinalDBSnapshotIdentifier") == null) {
            throw AwsException.badRequest("InvalidParameterCombination",
                    "FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified.");
        }
        if (NO_SNAPSHOT.contains(current.status()) && !p.bool("SkipFinalSnapshot", false)) {
            throw AwsException.badRequest("InvalidParameterCombination", "Cannot create a final snapshot of DB instance "
                    + current.id() + " in state " + current.status() + "; set SkipFinalSnapshot to delete it.");
        }
        if (current.status().equals("deleting")) {
            throw AwsException.badRequest("InvalidDBInstanceState", "Instance " + current.id() + " is already being deleted.");
        }
        String finalSnapshot = p.get("FinalDBSnapshotIdentifier");
        if (!p.bool("SkipFinalSnapshot", false)) {
            snapshots.takeFinal(finalSnapshot, current, current.copyTagsToSnapshot());
        }
        DbInstance deleting = current.withStatus("deleting");
        instances.put(deleting.id(), deleting);
        env.later(env.delays().rdsDelete(), "delete RDS instance " + current.id(), () -> {
            servers.stop(current.id());
            instances.remove(current.id());
        });
        return deleting;
    }

    private DbInstance instance(String id) {
        DbInstance instance = instances.get(id.toLowerCase(Locale.ROOT));
        if (instance == null) {
            throw AwsException.notFound("DBInstanceNotFound", "DBInstance " + id + " not found.");
        }
        return instance;
    }

    private boolean using(Predicate<DbInstance> test) {
        return instances.values().stream().anyMatch(test);
    }

    private Map<String, String> tagsOf(String arn) {
        Map<String, String> tags = groups.tagsOf(arn);
        if (tags != null) {
            return tags;
        }
        Optional<Map<String, String>> snapshotTags = snapshots.tagsOf(arn);
        if (snapshotTags.isPresent()) {
            return snapshotTags.get();
        }
        return instance(instanceIdOf(arn)).tags();
    }

    private void addTags(String arn, Map<String, String> tags) {
        if (!groups.addTags(arn, tags) && !snapshots.addTags(arn, tags)) {
            String id = instance(instanceIdOf(arn)).id();
            instances.computeIfPresent(id, (k, i) -> i.withTags(tags));
        }
    }

    private static String instanceIdOf(String arn) {
        int at = arn.indexOf(":db:");
        if (at < 0) {
            throw AwsException.badRequest("InvalidParameterValue", "Invalid resource name: " + arn);
        }
        return arn.substring(at + 4);
    }

    private void writeInstance(Xml out, DbInstance instance) {
        out.open("DBInstance");
        writeFields(out, instance);
        out.close();
    }

    private void writeFields(Xml x, DbInstance i) {
        x.el("DBInstanceIdentifier", i.id()).el("DBInstanceClass", i.instanceClass()).el("Engine", "postgres")
                .el("DBInstanceStatus", i.status()).el("MasterUsername", i.masterUsername()).el("DBName", i.dbName());
        if (i.port() != null && !i.status().equals("creating")) {
            x.open("Endpoint").el("Address", "127.0.0.1").el("Port", i.port()).el("HostedZoneId", "Z2R2ITUGPM61AM").close();
        }
        x.el("AllocatedStorage", i.allocatedStorage()).el("InstanceCreateTime", i.createdAt())
                .el("BackupRetentionPeriod", i.backupRetention());
        x.list("VpcSecurityGroups", "VpcSecurityGroupMembership", i.securityGroupIds(),
                (v, id) -> v.el("VpcSecurityGroupId", id).el("Status", "active"));
        x.list("DBParameterGroups", "DBParameterGroup", List.of(i.parameterGroup()),
                (v, name) -> v.el("DBParameterGroupName", name).el("ParameterApplyStatus", "in-sync"));
        x.el("AvailabilityZone", env.world().subnets().get(0).availabilityZone()).open("DBSubnetGroup");
        groups.writeSubnetGroup(x, groups.subnetGroup(i.subnetGroup()));
        x.close().el("MultiAZ", i.multiAz()).el("EngineVersion", i.engineVersion()).el("AutoMinorVersionUpgrade", true)
                .el("PubliclyAccessible", i.publiclyAccessible()).el("StorageType", "gp3")
                .el("DbInstancePort", 0).el("StorageEncrypted", i.storageEncrypted())
                .el("KmsKeyId", i.storageEncrypted() ? env.arn("kms", "key/sandbox") : null)
                .el("DbiResourceId", i.resourceId()).el("DBInstanceArn", env.arn("rds", "db:" + i.id()))
                .el("DeletionProtection", i.deletionProtection())
                .tags("TagList", "Tag", "Key", "Value", i.tags());
    }
}
