package dev.ferry.aws;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.step.AwsRequests.DbInstanceRequest;
import dev.ferry.step.AwsDeletions.DbProtectionRequest;
import dev.ferry.step.AwsDeletions.DbInstanceDeletionRequest;
import dev.ferry.step.AwsPorts.Owner;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.waiters.Waiter;
import software.amazon.awssdk.core.waiters.WaiterAcceptor;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesResponse;
import software.amazon.awssdk.services.rds.model.Event;
import software.amazon.awssdk.services.rds.model.SourceType;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.rds.waiters.RdsWaiter;

/**
 * The RDS PostgreSQL instance: encrypted, private, backed up, deletion-protected. The master password goes from SSM
 * straight into CreateDBInstance and nowhere else.
 *
 * <p>It is created unprotected and protected once available: an instance that fails while being created can neither
 * be modified nor deleted while protected, so protecting it at creation would leave it stuck for AWS support to clear.
 * Until it is available it holds no data.
 */
final class DbInstanceOps {
    private static final Logger log = LoggerFactory.getLogger(DbInstanceOps.class);
    private static final int EVENT_MINUTES = 24 * 60;
    private static final DateTimeFormatter SNAPSHOT_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);
    /** Tag on a kept final snapshot: which plan it came from (never ferry:plan, so the plan no longer owns it). */
    static final String RETAINED_KEY = DbInstanceDeletionRequest.RETAINED_TAG;
    /** States RDS does not leave by itself; waiting longer cannot help. */
    private static final Set<String> STUCK = Set.of("failed", "incompatible-parameters", "incompatible-network",
            "incompatible-restore", "incompatible-option-group", "inaccessible-encryption-credentials");
    /** From these, DeleteDBInstance must skip the final snapshot (there is no data to keep anyway). */
    private static final Set<String> NO_FINAL_SNAPSHOT = Set.of("failed", "incompatible-restore",
            "incompatible-network");

    private final RdsClient rds;
    private final RdsWaiter waiter;
    private final SsmOps ssm;
    private final AwsCalls calls;
    private final Clock clock;

    DbInstanceOps(RdsClient rds, SsmOps ssm, AwsSettings settings, Clock clock) {
        this.rds = rds;
        this.waiter = rds.waiter();
        this.ssm = ssm;
        this.calls = new AwsCalls(AwsService.RDS, settings);
        this.clock = clock;
    }

    void ensureDbInstance(DbInstanceRequest request) {
        PlanTags wanted = PlanTags.of(request.tags());
        String id = request.identifier();
        Optional<DBInstance> existing = describe(id);
        if (existing.isPresent()) {
            wanted.requireAdoptable(AwsService.RDS, "DB instance", id, tagsOf(existing.get()));
            requireNotStuck(existing.get());
            log.info("DB instance {} already exists for plan {} ({})", id, wanted.plan(),
                    existing.get().dbInstanceStatus());
            warnIfExposed(existing.get());
            return;
        }
        String password = ssm.readSecureParameter(request.passwordParameter()).orElseThrow(() -> new FerryException(
                ErrorCode.STEP_FAILED, "the master password parameter " + request.passwordParameter() + " does not"
                + " exist; it must be written before DB instance " + id + " is created"));
        calls.sensitive("CreateDBInstance", id, () -> rds.createDBInstance(r -> r
                .dbInstanceIdentifier(id).engine(DbInstanceRequest.ENGINE).engineVersion(request.engineVersion())
                .dbInstanceClass(request.instanceClass()).allocatedStorage(request.allocatedStorageGb())
                .dbName(request.databaseName()).masterUsername(request.masterUsername()).masterUserPassword(password)
                .dbSubnetGroupName(request.subnetGroup()).dbParameterGroupName(request.parameterGroup())
                .vpcSecurityGroupIds(request.securityGroupId()).backupRetentionPeriod(request.backupRetentionDays())
                .multiAZ(request.multiAz()).storageEncrypted(DbInstanceRequest.STORAGE_ENCRYPTED)
                .publiclyAccessible(DbInstanceRequest.PUBLICLY_ACCESSIBLE)
                .deletionProtection(DbInstanceRequest.DELETION_PROTECTION)
                .copyTagsToSnapshot(DbInstanceRequest.COPY_TAGS_TO_SNAPSHOT)
                .autoMinorVersionUpgrade(DbInstanceRequest.AUTO_MINOR_VERSION_UPGRADE)
                .tags(RdsGroupOps.sdkTags(wanted))));
        log.info("creating DB instance {} (postgres {}, {}, {} GB, encrypted, private; protected once available)", id,
                request.engineVersion(), request.instanceClass(), request.allocatedStorageGb());
    }

    /** Waits until the instance is available, then turns deletion protection on; returns {@code host:port}. */
    String awaitDbInstance(DbProtectionRequest protection, Duration timeout) {
        String id = protection.identifier();
        try {
            await("available", id, timeout, config -> availability(config).run(() -> rds.describeDBInstances(byId(id))));
        } catch (FerryException e) {
            describe(id).ifPresent(this::requireNotStuck);
            throw e;
        }
        DBInstance db = describe(id).orElseThrow(() -> new FerryException(ErrorCode.STEP_FAILED,
                "DB instance " + id + " disappeared right after it became available"));
        if (!Boolean.TRUE.equals(db.deletionProtection())) {
            modify(protection);
            log.info("DB instance {} is available; turned deletion protection on", id);
        }
        return db.endpoint().address() + ":" + db.endpoint().port();
    }

    /** The SDK's DBInstanceAvailable waiter, which also stops at every state RDS does not leave by itself. */
    private static Waiter<DescribeDbInstancesResponse> availability(WaiterOverrideConfiguration config) {
        return Waiter.builder(DescribeDbInstancesResponse.class).overrideConfiguration(config)
                .addAcceptor(WaiterAcceptor.successOnResponseAcceptor(r -> !r.dbInstances().isEmpty()
                        && r.dbInstances().stream().allMatch(db -> "available".equals(db.dbInstanceStatus()))))
                .addAcceptor(WaiterAcceptor.errorOnResponseAcceptor(r -> r.dbInstances().stream().anyMatch(db ->
                        STUCK.contains(db.dbInstanceStatus()) || "deleting".equals(db.dbInstanceStatus())
                                || "deleted".equals(db.dbInstanceStatus()))))
                .addAcceptor(WaiterAcceptor.retryOnResponseAcceptor(r -> true))
                .build();
    }

    private void requireNotStuck(DBInstance db) {
        if (STUCK.contains(db.dbInstanceStatus())) {
            throw FerryException.withNextAction(ErrorCode.STEP_FAILED, "RDS DB instance " + db.dbInstanceIdentifier()
                    + " is '" + db.dbInstanceStatus() + "' and will not become available by itself; RDS says: \""
                    + newestEvent(db.dbInstanceIdentifier()) + "\"", "It holds no data yet: undo the step with"
                    + " `ferry rollback PLAN --last` (which deletes it), fix the cause, then `ferry run PLAN` again");
        }
    }

    /** What RDS last said about the instance, for a failure message; the events are a hint, never a reason to fail. */
    private String newestEvent(String id) {
        try {
            return calls.call("DescribeEvents", id, () -> rds.describeEvents(r -> r.sourceIdentifier(id)
                    .sourceType(SourceType.DB_INSTANCE).duration(EVENT_MINUTES))).events().stream()
                    .max(Comparator.comparing(Event::date)).map(Event::message)
                    .orElse("no event in the last " + EVENT_MINUTES / 60 + " hours");
        } catch (FerryException e) {
            log.warn("cannot read the events of DB instance {}: {}", id, e.getMessage());
            return "its events could not be read (" + e.getMessage() + ")";
        }
    }

    /** Returns the final snapshot's identifier when one was taken. */
    Optional<String> deleteDbInstance(DbInstanceDeletionRequest deletion, Duration timeout, Owner owner) {
        String id = deletion.identifier();
        boolean finalSnapshot = deletion.finalSnapshot();
        Optional<DBInstance> found = describe(id);
        if (found.isEmpty()) {
            log.info("DB instance {} was already gone", id);
            return Optional.empty();
        }
        DBInstance db = found.get();
        PlanTags.requireOwned(owner, PlanTags.Touch.DELETE, AwsService.RDS, "DB instance", id, tagsOf(db));
        String snapshot = null;
        if (!"deleting".equals(db.dbInstanceStatus())) {
            if (Boolean.TRUE.equals(db.deletionProtection())) {
                unprotect(db, timeout);
            }
            boolean keep = finalSnapshot && !NO_FINAL_SNAPSHOT.contains(db.dbInstanceStatus());
            if (finalSnapshot && !keep) {
                log.info("DB instance {} is '{}' and never held data; deleting it without a final snapshot", id,
                        db.dbInstanceStatus());
            }
            snapshot = keep ? deletion.snapshotPrefix() + SNAPSHOT_STAMP.format(clock.instant()) : null;
            String snapshotId = snapshot;
            calls.find("DeleteDBInstance", id, () -> rds.deleteDBInstance(r -> r.dbInstanceIdentifier(id)
                    .skipFinalSnapshot(snapshotId == null).finalDBSnapshotIdentifier(snapshotId)));
            log.info("deleting DB instance {}{}", id, snapshot == null ? " without a final snapshot"
                    : ", final snapshot " + snapshot);
            if (snapshot != null) {
                markRetained(db, snapshot);
            }
        }
        await("deleted", id, timeout, config -> waiter.waitUntilDBInstanceDeleted(byId(id), config));
        log.info("DB instance {} deleted", id);
        return Optional.ofNullable(snapshot);
    }

    /**
     * The final snapshot is the way back, kept on purpose; it is tagged {@code ferry:retained-from} rather than
     * {@code ferry:plan} so the plan owns nothing once rolled back and a later run never adopts or deletes it.
     */
    private void markRetained(DBInstance db, String snapshot) {
        String arn = db.dbInstanceArn().replace(":db:" + db.dbInstanceIdentifier(), ":snapshot:" + snapshot);
        String plan = tagsOf(db).get(PlanTags.PLAN_KEY);
        calls.find("AddTagsToResource", arn, () -> rds.addTagsToResource(r -> r.resourceName(arn)
                .tags(software.amazon.awssdk.services.rds.model.Tag.builder().key(RETAINED_KEY).value(plan).build())));
    }

    /**
     * An adopted instance keeps its settings; say so when they fall short of what ferry would have created. Deletion
     * protection is not among them: {@link #awaitDbInstance} turns it on.
     */
    private static void warnIfExposed(DBInstance db) {
        if (Boolean.TRUE.equals(db.publiclyAccessible()) || !Boolean.TRUE.equals(db.storageEncrypted())) {
            log.warn("adopted DB instance {} is publicly accessible={}, encrypted={}; ferry creates private,"
                    + " encrypted instances", db.dbInstanceIdentifier(), db.publiclyAccessible(), db.storageEncrypted());
        }
    }

    /** Deletion protection can only be lifted on an instance that is available. */
    private void unprotect(DBInstance db, Duration timeout) {
        String id = db.dbInstanceIdentifier();
        if (!"available".equals(db.dbInstanceStatus())) {
            log.info("DB instance {} is {}; waiting until it is available to lift deletion protection", id,
                    db.dbInstanceStatus());
            await("available", id, timeout, config -> waiter.waitUntilDBInstanceAvailable(byId(id), config));
        }
        modify(new DbProtectionRequest(id, false));
        log.info("lifted deletion protection on DB instance {}", id);
    }

    private void modify(DbProtectionRequest protection) {
        calls.run("ModifyDBInstance", protection.identifier(), () -> rds.modifyDBInstance(r -> r
                .dbInstanceIdentifier(protection.identifier()).deletionProtection(protection.protect())
                .applyImmediately(DbProtectionRequest.APPLY_IMMEDIATELY)));
    }

    private void await(String goal, String id, Duration timeout,
                       Function<WaiterOverrideConfiguration, WaiterResponse<?>> wait) {
        calls.await("DescribeDBInstances", goal, "DB instance " + id, timeout, wait,
                () -> describe(id).map(DBInstance::dbInstanceStatus).orElse("gone"));
    }

    private Optional<DBInstance> describe(String id) {
        return calls.find("DescribeDBInstances", id, () -> rds.describeDBInstances(byId(id)).dbInstances().stream()
                .findFirst().orElse(null));
    }

    private static DescribeDbInstancesRequest byId(String id) {
        return DescribeDbInstancesRequest.builder().dbInstanceIdentifier(id).build();
    }

    private static Map<String, String> tagsOf(DBInstance db) {
        return PlanTags.toMap(db.tagList(), Tag::key, Tag::value);
    }
}
