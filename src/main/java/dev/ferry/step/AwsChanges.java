package dev.ferry.step;

import java.util.List;
import java.util.Map;

/**
 * Typed requests that write or change what may already exist: each previews every call it can make, with the
 * condition under which it makes it.
 */
public final class AwsChanges {
    private AwsChanges() {
    }

    /**
     * A SecureString. The value never enters the request: {@code shownValue} is what the preview shows. A missing
     * parameter is created with its tags; an existing one must be the plan's and is kept when {@code keepExisting},
     * else overwritten (PutParameter takes no tags with Overwrite) and tagged again, only when its value differs.
     */
    public record SecureParameterRequest(String name, String shownValue, boolean keepExisting, Map<String, String> tags)
            implements AwsRequest {
        public static final String TYPE = "SecureString";

        public static SecureParameterRequest replacing(String name, String shownValue, Map<String, String> tags) {
            return new SecureParameterRequest(name, shownValue, false, tags);
        }

        public static SecureParameterRequest ifAbsent(String name, String shownValue, Map<String, String> tags) {
            return new SecureParameterRequest(name, shownValue, true, tags);
        }

        @Override
        public List<SdkCall> calls() {
            SdkCall create = SdkCall.of("ssm:PutParameter", "Name", name, "Type", TYPE, "Value", shownValue,
                    "Overwrite", false, "Tags", AwsRequest.tagList(tags));
            if (keepExisting) {
                return List.of(create.when("only if absent; an existing one is kept"));
            }
            String changed = "if it exists with another value";
            return List.of(create.when("if absent"),
                    SdkCall.of("ssm:PutParameter", "Name", name, "Type", TYPE, "Value", shownValue, "Overwrite", true)
                            .when(changed),
                    SdkCall.of("ssm:AddTagsToResource", "ResourceType", "Parameter", "ResourceId", name,
                            "Tags", AwsRequest.tagList(tags)).when(changed));
        }
    }

    /** TCP {@code port} into {@code groupId} from the security group {@code sourceGroupId} only; never from a CIDR. */
    public record IngressRequest(String groupId, int port, String sourceGroupId) implements AwsRequest {
        public static final String PROTOCOL = "tcp";

        public String description() {
            return "ferry: from " + sourceGroupId;
        }

        public IngressRequest withGroups(String group, String source) {
            return new IngressRequest(group, port, source);
        }

        /** IpPermissions flattened: its one permission's fields and its one source group pair's. */
        @Override
        public List<SdkCall> calls() {
            return List.of(SdkCall.of("ec2:AuthorizeSecurityGroupIngress", "GroupId", groupId, "IpProtocol", PROTOCOL,
                    "FromPort", port, "ToPort", port, "SourceGroupId", sourceGroupId, "Description", description()));
        }
    }

    /**
     * TCP {@code port} into {@code groupId}, a group ferry does not own (the host's), from {@code sourceGroupId} only,
     * as one rule carrying the plan's tags: the ownership mark is on the rule, so a rollback revokes only the rule,
     * never the group or anyone else's rule. An identical rule without this plan's tags is left alone, not adopted.
     */
    public record RuleIngressRequest(String groupId, int port, String sourceGroupId, Map<String, String> tags)
            implements AwsRequest {
        public static final String RESOURCE_TYPE = "security-group-rule";

        public String plan() {
            return tags.get(AwsPorts.PLAN_TAG);
        }

        public String description() {
            return "ferry plan " + plan() + ": RDS logical replication from " + sourceGroupId;
        }

        public RuleIngressRequest withGroups(String group, String source) {
            return new RuleIngressRequest(group, port, source, tags);
        }

        public SdkCall describe(String when) {
            return SdkCall.of("ec2:DescribeSecurityGroupRules", "Filters", "[group-id=" + groupId + "]").when(when);
        }

        @Override
        public List<SdkCall> calls() {
            return List.of(describe("a rule for " + IngressRequest.PROTOCOL + "/" + port + " from " + sourceGroupId
                            + " tagged " + AwsPorts.PLAN_TAG + "=" + plan() + " already there: nothing to do; one"
                            + " without that tag: left as it is, recorded as not ferry's, never revoked"),
                    SdkCall.of("ec2:AuthorizeSecurityGroupIngress", "GroupId", groupId, "IpProtocol",
                            IngressRequest.PROTOCOL, "FromPort", port, "ToPort", port, "SourceGroupId", sourceGroupId,
                            "Description", description(), "TagSpecifications", "[" + RESOURCE_TYPE + ": "
                                    + AwsRequest.tagList(tags) + "]").when("only if no such rule exists"));
        }

        /** What {@code revoke} calls: the rules re-read, and only this plan's revoked. */
        public List<SdkCall> revocationCalls() {
            return List.of(describe("each rule's tags re-read: only " + IngressRequest.PROTOCOL + "/" + port + " from "
                            + sourceGroupId + " tagged " + AwsPorts.PLAN_TAG + "=" + plan() + " is revoked"),
                    SdkCall.of("ec2:RevokeSecurityGroupIngress", "GroupId", groupId, "SecurityGroupRuleIds",
                            "[<this plan's rule>]").when("if it still exists"));
        }
    }

    public record ServiceScaleRequest(String cluster, String service, int desiredCount) implements AwsRequest {
        @Override
        public List<SdkCall> calls() {
            return List.of(SdkCall.of("ecs:UpdateService", "Cluster", cluster, "Service", service,
                    "DesiredCount", desiredCount));
        }
    }

    /** Scales an active service with tasks to 0, then deletes it without force. */
    public record ServiceDeletionRequest(String cluster, String service) implements AwsRequest {
        public static final boolean FORCE = false;

        @Override
        public List<SdkCall> calls() {
            return List.of(new ServiceScaleRequest(cluster, service, 0).calls().get(0).when("if it wants tasks"),
                    SdkCall.of("ecs:DeleteService", "Cluster", cluster, "Service", service, "Force", FORCE));
        }
    }

    /**
     * A host-header rule on the listener forwarding to the target group, carrying the target group's tags. Created
     * when no rule forwards there; an existing one is changed only when its hosts differ.
     */
    public record ListenerRuleRequest(String listenerArn, String targetGroupArn, List<String> hostNames, int priority)
            implements AwsRequest {
        public static final String CONDITION_FIELD = "host-header";

        public ListenerRuleRequest withTargetGroup(String arn) {
            return new ListenerRuleRequest(listenerArn, arn, hostNames, priority);
        }

        @Override
        public List<SdkCall> calls() {
            String conditions = "[" + CONDITION_FIELD + "=" + String.join(",", hostNames) + "]";
            return List.of(SdkCall.of("elbv2:CreateRule", "ListenerArn", listenerArn, "Priority", priority,
                            "Conditions", conditions, "Actions", "[forward → " + targetGroupArn + "]",
                            "Tags", "<the target group's tags>").when("if no rule forwards to it"),
                    SdkCall.of("elbv2:ModifyRule", "RuleArn", "<rule forwarding to " + targetGroupArn + ">",
                            "Conditions", conditions).when("if that rule matches other hosts"));
        }
    }

    public record ListenerRuleDeletion(String listenerArn, String targetGroupArn) implements AwsRequest {
        @Override
        public List<SdkCall> calls() {
            return List.of(SdkCall.of("elbv2:DeleteRule", "RuleArn", "<each rule forwarding to " + targetGroupArn + ">"));
        }
    }
}
