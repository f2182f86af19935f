package dev.ferry.aws;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.step.AwsChanges.IngressRequest;
import dev.ferry.step.AwsDeletions.SecurityGroupDeletion;
import dev.ferry.step.AwsPorts.Owner;
import dev.ferry.step.AwsRequests.SecurityGroupRequest;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

/** Security groups: created per role, opened only to other security groups. */
final class Ec2Ops {
    private static final Logger log = LoggerFactory.getLogger(Ec2Ops.class);
    private static final String KIND = "security group";

    private final Ec2Client ec2;
    private final AwsCalls calls;

    Ec2Ops(Ec2Client ec2, AwsSettings settings) {
        this.ec2 = ec2;
        this.calls = new AwsCalls(AwsService.EC2, settings);
    }

    String ensureSecurityGroup(SecurityGroupRequest request) {
        String name = request.name();
        String vpcId = request.vpcId();
        String description = request.description();
        PlanTags wanted = PlanTags.of(request.tags());
        Optional<SecurityGroup> existing = find(name, vpcId);
        if (existing.isPresent()) {
            SecurityGroup group = existing.get();
            wanted.requireAdoptable(AwsService.EC2, KIND, name, PlanTags.toMap(group.tags(), Tag::key, Tag::value));
            log.info("security group {} ({}) already exists for plan {}", name, group.groupId(), wanted.plan());
            return group.groupId();
        }
        String id = calls.call("CreateSecurityGroup", name, () -> ec2.createSecurityGroup(r -> r
                .groupName(name).vpcId(vpcId).description(description)
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.SECURITY_GROUP)
                        .tags(wanted.as((k, v) -> Tag.builder().key(k).value(v).build())).build()))).groupId();
        log.info("created security group {} ({}) in {}", name, id, vpcId);
        return id;
    }

    void allowIngress(IngressRequest request, Owner owner) {
        String groupId = request.groupId();
        int port = request.port();
        String sourceGroupId = request.sourceGroupId();
        if (sourceGroupId == null || !sourceGroupId.startsWith("sg-")) {
            throw new IllegalArgumentException("ingress is allowed only from a security group, got " + sourceGroupId);
        }
        SecurityGroup group = byId(groupId).orElseThrow(() -> FerryException.advised(ErrorCode.STEP_FAILED,
                "security group " + groupId + " does not exist, so no rule can be added to it; run `ferry resume PLAN`"
                        + " to create it again"));
        requireOwned(owner, PlanTags.Touch.CHANGE, group);
        IpPermission permission = IpPermission.builder().ipProtocol(IngressRequest.PROTOCOL).fromPort(port).toPort(port)
                .userIdGroupPairs(UserIdGroupPair.builder().groupId(sourceGroupId)
                        .description(request.description()).build())
                .build();
        String resource = groupId + " tcp/" + port + " from " + sourceGroupId;
        boolean added = calls.unlessAlready(Set.of("InvalidPermission.Duplicate"), "AuthorizeSecurityGroupIngress",
                resource, () -> ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(permission)));
        log.info(added ? "allowed {}" : "{} was already allowed", resource);
    }

    void deleteSecurityGroup(SecurityGroupDeletion deletion, Owner owner) {
        String groupId = deletion.groupId();
        Optional<SecurityGroup> found = byId(groupId);
        found.ifPresent(group -> requireOwned(owner, PlanTags.Touch.DELETE, group));
        boolean deleted = found.isPresent()
                && calls.delete("DeleteSecurityGroup", groupId, () -> deleteOrExplain(groupId));
        log.info(deleted ? "deleted security group {}" : "security group {} was already gone", groupId);
    }

    private static void requireOwned(Owner owner, PlanTags.Touch touch, SecurityGroup group) {
        PlanTags.requireOwned(owner, touch, AwsService.EC2, KIND + " " + group.groupId(), group.groupName(),
                PlanTags.toMap(group.tags(), Tag::key, Tag::value));
    }

    /** InvalidGroup.NotFound, which a group id that no longer exists gets, means absent. */
    private Optional<SecurityGroup> byId(String groupId) {
        return calls.find("DescribeSecurityGroups", groupId, () -> ec2.describeSecurityGroups(r -> r
                .groupIds(groupId)).securityGroups().stream().findFirst().orElse(null));
    }

    private void deleteOrExplain(String groupId) {
        try {
            ec2.deleteSecurityGroup(r -> r.groupId(groupId));
        } catch (Ec2Exception e) {
            if ("DependencyViolation".equals(AwsErrors.code(e))) {
                throw FerryException.advised(ErrorCode.STEP_FAILED, "security group " + groupId
                        + " is still in use (network interfaces of a deleting RDS instance, cache node or Fargate task"
                        + " linger for minutes, or another group's rule references it); wait a few minutes and run"
                        + " `ferry resume PLAN`", e);
            }
            throw e;
        }
    }

    private Optional<SecurityGroup> find(String name, String vpcId) {
        return calls.call("DescribeSecurityGroups", name, () -> ec2.describeSecurityGroups(r -> r.filters(
                Filter.builder().name("group-name").values(name).build(),
                Filter.builder().name("vpc-id").values(vpcId).build()))).securityGroups().stream().findFirst();
    }
}
