package dev.ferry.aws;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.aws.AwsPorts.DbInstanceRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DescribeDbInstancesRequest;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.rds.waiters.RdsWaiter;

/**
 * The RDS PostgreSQL instance: encrypted, private, backed up, deletion-protected. The master password goes from SSM
 * straight into CreateDBInstance and nowhere else.
 */
final class DbInstanceOps {
    private static final Logger log = LoggerFactory.getLogger(DbInstanceOps.class);
    private static final DateTimeFormatter SNAPSHOT_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);
    /** Tag on a kept final snapshot: which plan it came from (never ferry:plan, so the plan no longer owns it). */
    static final String RETAINED_KEY = "ferry:retained-from";

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
            log.info("DB instance {} already exists for plan {} ({})", id, wanted.plan(),
                    existing.get().dbInstanceStatus());
            warnIfExposed(existing.get());
            return;
        }
        String password = ssm.readSecureParameter(request.passwordParameter()).orElseThrow(() -> new FerryException(
                ErrorCode.STEP_FAILED, "the master password parameter " + request.passwordParameter() + " does not"
                + " exist; it must be written before DB instance " + id + " is created"));
        calls.sensitive("CreateDBInstance", id, () -> rds.createDBInstance(r -> r
                .dbInstanceIdentifier(id).engine("postgres").engineVersion(request.engineVersion())
                .dbInstanceClass(request.instanceClass()).allocatedStorage(request.allocatedStorageGb())
                .dbName(request.databaseName()).masterUsername(request.masterUsername()).masterUserPassword(password)
                .dbSubnetGroupName(request.subnetGroup()).dbParameterGroupName(request.parameterGroup())
                .vpcSecurityGroupIds(request.securityGroupId()).backupRetentionPeriod(request.backupRetentionDays())
                .multiAZ(request.multiAz()).storageEncrypted(true).publiclyAccessible(false)
                .deletionProtection(true).copyTagsToSnapshot(false).autoMinorVersionUpgrade(true)
                .tags(RdsGroupOps.sdkTags(wanted))));
        log.info("creating DB instance {} (postgres {}, {}, {} GB, encrypted, private)", id, request.engineVersion(),
                request.instanceClass(), request.allocatedStorageGb());
    }

    String awaitDbInstance(String id, Duration timeout) {
        await("available", id, timeout, config -> waiter.waitUntilDBInstanceAvailable(byId(id), config));
        DBInstance db = describe(id).orElseThrow(() -> new FerryException(ErrorCode.STEP_FAILED,
                "DB instance " + id + " disappeared right after it became available"));
        return db.endpoint().address() + ":" + db.endpoint().port();
    }

    /** Returns the final snapshot's identifier when one was taken. */
    Optional<String> deleteDbInstance(String id, Duration timeout, boolean finalSnapshot) {
        Optional<DBInstance> found = describe(id);
        if (found.isEmpty()) {
            log.info("DB instance {} was already gone", id);
            return Optional.empty();
        }
        DBInstance db = found.get();
        PlanTags.requireManaged(AwsService.RDS, "DB instance", id, tagsOf(db));
        String snapshot = null;
        if (!"deleting".equals(db.dbInstanceStatus())) {
            if (Boolean.TRUE.equals(db.deletionProtection())) {
                unprotect(db, timeout);
            }
            snapshot = finalSnapshot ? id + "-ferry-final-" + SNAPSHOT_STAMP.format(clock.instant()) : null;
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

    /** An adopted instance keeps its settings; say so when they fall short of what ferry would have created. */
    private static void warnIfExposed(DBInstance db) {
        if (Boolean.TRUE.equals(db.publiclyAccessible()) || !Boolean.TRUE.equals(db.storageEncrypted())
                || !Boolean.TRUE.equals(db.deletionProtection())) {
            log.warn("adopted DB instance {} is publicly accessible={}, encrypted={}, deletion-protected={};"
                    + " ferry creates private, encrypted, protected instances", db.dbInstanceIdentifier(),
                    db.publiclyAccessible(), db.storageEncrypted(), db.deletionProtection());
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
        calls.run("ModifyDBInstance", id, () -> rds.modifyDBInstance(r -> r.dbInstanceIdentifier(id)
                .deletionProtection(false).applyImmediately(true)));
        log.info("lifted deletion protection on DB instance {}", id);
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
