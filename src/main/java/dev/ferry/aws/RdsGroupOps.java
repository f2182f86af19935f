package dev.ferry.aws;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.step.AwsRequests.DbParameterGroupRequest;
import dev.ferry.step.AwsRequests.DbSubnetGroupRequest;
import dev.ferry.step.AwsDeletions.DbSubnetGroupDeletion;
import dev.ferry.step.AwsDeletions.DbParameterGroupDeletion;
import dev.ferry.step.AwsPorts.Owner;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBParameterGroup;
import software.amazon.awssdk.services.rds.model.DBSubnetGroup;
import software.amazon.awssdk.services.rds.model.Tag;

/** RDS subnet and parameter groups, and the ARN-based tag lookup the RDS classes share. */
final class RdsGroupOps {
    private static final Logger log = LoggerFactory.getLogger(RdsGroupOps.class);

    private final RdsClient rds;
    private final AwsCalls calls;

    RdsGroupOps(RdsClient rds, AwsSettings settings) {
        this.rds = rds;
        this.calls = new AwsCalls(AwsService.RDS, settings);
    }

    void ensureDbSubnetGroup(DbSubnetGroupRequest request) {
        String name = request.name();
        List<String> subnetIds = request.subnetIds();
        PlanTags wanted = PlanTags.of(request.tags());
        Optional<DBSubnetGroup> existing = subnetGroup(name);
        if (existing.isPresent()) {
            wanted.requireAdoptable(AwsService.RDS, "DB subnet group", name, tagsOf(existing.get().dbSubnetGroupArn()));
            log.info("DB subnet group {} already exists for plan {}", name, wanted.plan());
            return;
        }
        calls.run("CreateDBSubnetGroup", name, () -> rds.createDBSubnetGroup(r -> r.dbSubnetGroupName(name)
                .dbSubnetGroupDescription(request.description()).subnetIds(subnetIds).tags(sdkTags(wanted))));
        log.info("created DB subnet group {} over {}", name, subnetIds);
    }

    void ensureDbParameterGroup(DbParameterGroupRequest request) {
        String name = request.name();
        String family = request.family();
        PlanTags wanted = PlanTags.of(request.tags());
        Optional<DBParameterGroup> existing = parameterGroup(name);
        if (existing.isPresent()) {
            DBParameterGroup group = existing.get();
            wanted.requireAdoptable(AwsService.RDS, "DB parameter group", name, tagsOf(group.dbParameterGroupArn()));
            if (!family.equals(group.dbParameterGroupFamily())) {
                throw new FerryException(ErrorCode.STEP_FAILED, "DB parameter group " + name + " has family "
                        + group.dbParameterGroupFamily() + " but the plan needs " + family
                        + "; give the parameter group a new name in the plan");
            }
            log.info("DB parameter group {} already exists for plan {}", name, wanted.plan());
            return;
        }
        calls.run("CreateDBParameterGroup", name, () -> rds.createDBParameterGroup(r -> r.dbParameterGroupName(name)
                .dbParameterGroupFamily(family).description(request.description()).tags(sdkTags(wanted))));
        log.info("created DB parameter group {} ({})", name, family);
    }

    void deleteDbSubnetGroup(DbSubnetGroupDeletion deletion, Owner owner) {
        String name = deletion.name();
        Optional<DBSubnetGroup> found = subnetGroup(name);
        found.ifPresent(group -> PlanTags.requireOwned(owner, PlanTags.Touch.DELETE, AwsService.RDS,
                "DB subnet group", name, tagsOf(group.dbSubnetGroupArn())));
        boolean deleted = found.isPresent() && calls.delete("DeleteDBSubnetGroup", name,
                () -> rds.deleteDBSubnetGroup(r -> r.dbSubnetGroupName(name)));
        log.info(deleted ? "deleted DB subnet group {}" : "DB subnet group {} was already gone", name);
    }

    void deleteDbParameterGroup(DbParameterGroupDeletion deletion, Owner owner) {
        String name = deletion.name();
        Optional<DBParameterGroup> found = parameterGroup(name);
        found.ifPresent(group -> PlanTags.requireOwned(owner, PlanTags.Touch.DELETE, AwsService.RDS,
                "DB parameter group", name, tagsOf(group.dbParameterGroupArn())));
        boolean deleted = found.isPresent() && calls.delete("DeleteDBParameterGroup", name,
                () -> rds.deleteDBParameterGroup(r -> r.dbParameterGroupName(name)));
        log.info(deleted ? "deleted DB parameter group {}" : "DB parameter group {} was already gone", name);
    }

    private Optional<DBSubnetGroup> subnetGroup(String name) {
        return calls.find("DescribeDBSubnetGroups", name, () -> rds.describeDBSubnetGroups(r -> r
                .dbSubnetGroupName(name)).dbSubnetGroups().stream().findFirst().orElse(null));
    }

    /** AWS answers a missing name with DBParameterGroupNotFound, some emulators with an empty list: both mean absent. */
    private Optional<DBParameterGroup> parameterGroup(String name) {
        return calls.find("DescribeDBParameterGroups", name, () -> rds.describeDBParameterGroups(r -> r
                .dbParameterGroupName(name)).dbParameterGroups().stream().findFirst().orElse(null));
    }

    static List<Tag> sdkTags(PlanTags tags) {
        return tags.as((k, v) -> Tag.builder().key(k).value(v).build());
    }

    private Map<String, String> tagsOf(String arn) {
        return PlanTags.toMap(calls.call("ListTagsForResource", arn,
                () -> rds.listTagsForResource(r -> r.resourceName(arn))).tagList(), Tag::key, Tag::value);
    }
}
