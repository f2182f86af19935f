package dev.ferry.aws;

import dev.ferry.step.AwsChanges.IngressRequest;
import dev.ferry.step.AwsChanges.RuleIngressRequest;
import dev.ferry.step.AwsPorts.IngressRule;
import dev.ferry.step.AwsPorts.Owner;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

/**
 * Rules ferry adds to a security group it does not own (the compose host's). The group carries no ferry tag, so the
 * ownership mark is on the rule itself (TagSpecifications of type {@code security-group-rule}): ferry revokes a rule
 * by its id only when that rule, read just before, carries this plan's tag. An identical rule someone else made
 * (untagged, or another plan's) makes AWS refuse a second one as a duplicate; ferry then leaves it, never adopting it.
 */
final class IngressRuleOps {
    private static final Logger log = LoggerFactory.getLogger(IngressRuleOps.class);
    /** A rule or group already gone when revoked: the revoke's goal holds. */
    private static final Set<String> GONE = Set.of("InvalidSecurityGroupRuleId.NotFound", "InvalidPermission.NotFound",
            "InvalidGroup.NotFound");

    private final Ec2Client ec2;
    private final AwsCalls calls;

    IngressRuleOps(Ec2Client ec2, AwsSettings settings) {
        this.ec2 = ec2;
        this.calls = new AwsCalls(AwsService.EC2, settings);
    }

    IngressRule open(RuleIngressRequest request) {
        requireGroupSource(request.sourceGroupId());
        PlanTags tags = PlanTags.of(request.tags());
        Optional<IngressRule> existing = existing(request, tags.plan());
        if (existing.isPresent()) {
            return existing.get();
        }
        UserIdGroupPair source = UserIdGroupPair.builder().groupId(request.sourceGroupId())
                .description(request.description()).build();
        String resource = shown(request);
        List<SecurityGroupRule> added = new ArrayList<>();
        boolean created = calls.unlessAlready(Set.of("InvalidPermission.Duplicate"), "AuthorizeSecurityGroupIngress",
                resource, () -> added.addAll(ec2.authorizeSecurityGroupIngress(r -> r.groupId(request.groupId())
                        .ipPermissions(p -> p.ipProtocol(IngressRequest.PROTOCOL).fromPort(request.port())
                                .toPort(request.port()).userIdGroupPairs(source))
                        .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.SECURITY_GROUP_RULE)
                                .tags(tags.as((k, v) -> Tag.builder().key(k).value(v).build())).build()))
                        .securityGroupRules()));
        if (!created || added.isEmpty()) {
            // someone added the same rule between the read and the authorize: report theirs
            return existing(request, tags.plan()).orElseThrow(() -> new IllegalStateException(
                    "AWS reported " + resource + " as a duplicate but lists no such rule"));
        }
        String id = added.get(0).securityGroupRuleId();
        log.info("allowed {} by rule {} tagged {}={}", resource, id, PlanTags.PLAN_KEY, tags.plan());
        return new IngressRule(id, tags.plan(), true);
    }

    List<String> revoke(RuleIngressRequest request, Owner owner) {
        List<String> revoked = new ArrayList<>();
        for (SecurityGroupRule rule : matching(request)) {
            String plan = plan(rule);
            if (!owner.plan().equals(plan)) {
                log.info("left rule {} ({}): {}, not this plan's", rule.securityGroupRuleId(), shown(request),
                        plan == null ? "untagged" : "tagged for plan " + plan);
                continue;
            }
            String id = rule.securityGroupRuleId();
            if (calls.unlessAlready(GONE, "RevokeSecurityGroupIngress", id + " of " + request.groupId(),
                    () -> ec2.revokeSecurityGroupIngress(r -> r.groupId(request.groupId()).securityGroupRuleIds(id)))) {
                revoked.add(id);
            }
        }
        log.info(revoked.isEmpty() ? "no rule of plan {} for {} to revoke" : "revoked plan {}'s rule for {}: {}",
                owner.plan(), shown(request), revoked);
        return revoked;
    }

    /** The rule that already admits the source on the port; this plan's first when there are several. */
    private Optional<IngressRule> existing(RuleIngressRequest request, String plan) {
        return matching(request).stream().map(r -> new IngressRule(r.securityGroupRuleId(), plan(r), false))
                .min(Comparator.comparing(r -> !r.ownedBy(plan)));
    }

    /** Ingress rules of the group for exactly TCP on the port from the source group, read now. */
    private List<SecurityGroupRule> matching(RuleIngressRequest request) {
        return calls.call("DescribeSecurityGroupRules", request.groupId(), () -> ec2.describeSecurityGroupRulesPaginator(
                        r -> r.filters(Filter.builder().name("group-id").values(request.groupId()).build()))
                .securityGroupRules().stream()
                .filter(r -> !Boolean.TRUE.equals(r.isEgress()) && IngressRequest.PROTOCOL.equals(r.ipProtocol())
                        && Integer.valueOf(request.port()).equals(r.fromPort())
                        && Integer.valueOf(request.port()).equals(r.toPort())
                        && r.referencedGroupInfo() != null
                        && request.sourceGroupId().equals(r.referencedGroupInfo().groupId()))
                .toList());
    }

    private static String plan(SecurityGroupRule rule) {
        return PlanTags.toMap(rule.tags(), Tag::key, Tag::value).get(PlanTags.PLAN_KEY);
    }

    private static void requireGroupSource(String sourceGroupId) {
        if (sourceGroupId == null || !sourceGroupId.startsWith("sg-")) {
            throw new IllegalArgumentException("ingress is allowed only from a security group, got " + sourceGroupId);
        }
    }

    private static String shown(RuleIngressRequest request) {
        return request.groupId() + " " + IngressRequest.PROTOCOL + "/" + request.port() + " from "
                + request.sourceGroupId();
    }
}
