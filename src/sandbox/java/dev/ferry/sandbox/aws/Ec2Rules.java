package dev.ferry.sandbox.aws;

import dev.ferry.sandbox.aws.SecurityGroup.IpRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EC2 security group rules as AWS serves them: authorized by permission (with TagSpecifications of type
 * {@code security-group-rule} and a description per source), listed by DescribeSecurityGroupRules (rule ids and the
 * filters group-id, security-group-rule-id, tag:KEY, tag-key; each group's one egress rule too), and revoked by
 * permission or by SecurityGroupRuleIds. The groups map is the EC2 handler's; callers hold its lock.
 */
final class Ec2Rules {
    static final String RULE_TYPE = "security-group-rule";

    private final Env env;
    private final Map<String, SecurityGroup> groups;

    Ec2Rules(Env env, Map<String, SecurityGroup> groups) {
        this.env = env;
        this.groups = groups;
    }

    void authorize(QueryParams p, Xml out) {
        SecurityGroup group = target(p);
        Map<String, String> tags = ruleTags(p);
        List<IpRule> added = new ArrayList<>();
        for (IpRule requested : requestedRules(p)) {
            IpRule rule = new IpRule(requested.ruleId(), requested.protocol(), requested.fromPort(), requested.toPort(),
                    requested.sourceGroupId(), requested.cidr(), requested.description(), tags);
            if (rule.sourceGroupId() != null) {
                group(rule.sourceGroupId());
            }
            if (group.ingress().stream().anyMatch(rule::sameAs) || added.stream().anyMatch(rule::sameAs)) {
                throw AwsException.badRequest("InvalidPermission.Duplicate", "the specified rule \"peer: "
                        + (rule.sourceGroupId() != null ? rule.sourceGroupId() : rule.cidr()) + ", " + rule.protocol()
                        + ", from port: " + rule.fromPort() + ", to port: " + rule.toPort() + ", ALLOW\" already exists");
            }
            added.add(rule);
        }
        for (IpRule rule : added) {
            group = group.plus(rule);
        }
        groups.put(group.id(), group);
        SecurityGroup owner = group;
        out.el("return", true).list("securityGroupRuleSet", "item", added, (x, r) -> writeRule(x, owner, r, false));
    }

    /** Only {@code security-group-rule} may be tagged by this call, as AWS insists. */
    private static Map<String, String> ruleTags(QueryParams p) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (QueryParams spec : p.members("TagSpecification")) {
            String type = spec.get("ResourceType");
            if (!RULE_TYPE.equals(type)) {
                throw AwsException.badRequest("InvalidParameterValue", "'" + type + "' is not a valid taggable"
                        + " resource type for this operation.");
            }
            tags.putAll(spec.tags("Tag"));
        }
        return tags;
    }

    void revoke(QueryParams p, Xml out) {
        SecurityGroup group = target(p);
        List<IpRule> remaining = new ArrayList<>(group.ingress());
        List<IpRule> revoked = new ArrayList<>();
        for (String id : p.values("SecurityGroupRuleId")) {
            IpRule rule = remaining.stream().filter(r -> r.ruleId().equals(id)).findFirst().orElseThrow(() ->
                    AwsException.badRequest("InvalidSecurityGroupRuleId.NotFound", "The security group rule ID '" + id
                            + "' does not exist"));
            remaining.remove(rule);
            revoked.add(rule);
        }
        for (IpRule rule : requestedRules(p)) {
            IpRule found = remaining.stream().filter(rule::sameAs).findFirst().orElseThrow(() ->
                    AwsException.badRequest("InvalidPermission.NotFound",
                            "The specified rule does not exist in this security group."));
            remaining.remove(found);
            revoked.add(found);
        }
        groups.put(group.id(), group.withIngress(remaining));
        out.el("return", true).list("revokedSecurityGroupRuleSet", "item", revoked, (x, r) -> x
                .el("securityGroupRuleId", r.ruleId()).el("groupId", group.id()).el("isEgress", false)
                .el("ipProtocol", r.protocol()).el("fromPort", r.fromPort()).el("toPort", r.toPort())
                .el("cidrIpv4", r.cidr()).el("referencedGroupId", r.sourceGroupId()).el("description", r.description()));
    }

    void describe(QueryParams p, Xml out) {
        List<String> ids = p.values("SecurityGroupRuleId");
        Ec2Filters filters = Ec2Filters.of(p);
        List<Map.Entry<SecurityGroup, IpRule>> found = new ArrayList<>();
        for (SecurityGroup g : groups.values()) {
            List<IpRule> all = new ArrayList<>(g.ingress());
            all.add(egress(g));
            for (IpRule r : all) {
                boolean match = (ids.isEmpty() || ids.contains(r.ruleId())) && filters.matches(a -> switch (a) {
                    case "group-id" -> g.id();
                    case "security-group-rule-id" -> r.ruleId();
                    default -> null;
                }, r.tags());
                if (match) {
                    found.add(Map.entry(g, r));
                }
            }
        }
        ids.stream().filter(id -> found.stream().noneMatch(e -> e.getValue().ruleId().equals(id))).findFirst()
                .ifPresent(id -> {
                    throw AwsException.badRequest("InvalidSecurityGroupRuleId.NotFound", "The security group rule ID '"
                            + id + "' does not exist");
                });
        out.list("securityGroupRuleSet", "item", found, (x, e) -> writeRule(x, e.getKey(), e.getValue(),
                e.getValue().ruleId().equals(egress(e.getKey()).ruleId())));
    }

    /** Every group's default egress (all traffic to 0.0.0.0/0), with an id that stays the same for the group. */
    private static IpRule egress(SecurityGroup g) {
        String hex = String.format("%017x", Integer.toUnsignedLong(g.id().hashCode()) * 31 + 7);
        return new IpRule("sgr-" + hex.substring(hex.length() - 17), "-1", -1, -1, null, "0.0.0.0/0");
    }

    private void writeRule(Xml x, SecurityGroup g, IpRule r, boolean egress) {
        x.el("securityGroupRuleId", r.ruleId()).el("groupId", g.id()).el("groupOwnerId", env.world().accountId())
                .el("isEgress", egress).el("ipProtocol", r.protocol()).el("fromPort", r.fromPort())
                .el("toPort", r.toPort()).el("cidrIpv4", r.cidr());
        if (r.sourceGroupId() != null) {
            x.open("referencedGroupInfo").el("groupId", r.sourceGroupId()).el("userId", env.world().accountId()).close();
        }
        x.el("description", r.description()).tags("tagSet", "item", "key", "value", r.tags())
                .el("securityGroupRuleArn", env.arn("ec2", "security-group-rule/" + r.ruleId()));
    }

    private List<IpRule> requestedRules(QueryParams p) {
        List<IpRule> rules = new ArrayList<>();
        for (QueryParams perm : p.members("IpPermissions")) {
            String protocol = perm.get("IpProtocol", "tcp");
            Integer from = perm.integerOrNull("FromPort");
            Integer to = perm.integerOrNull("ToPort");
            perm.members("Groups").forEach(g -> rules.add(rule(protocol, from, to, g.require("GroupId"), null,
                    g.get("Description"))));
            perm.members("IpRanges").forEach(r -> rules.add(rule(protocol, from, to, null, r.require("CidrIp"),
                    r.get("Description"))));
        }
        if (p.get("CidrIp") != null) {
            rules.add(rule(p.get("IpProtocol", "tcp"), p.integerOrNull("FromPort"), p.integerOrNull("ToPort"), null,
                    p.get("CidrIp"), null));
        }
        return rules;
    }

    private static IpRule rule(String protocol, Integer from, Integer to, String groupId, String cidr, String description) {
        return new IpRule("sgr-" + Ids.hex(17), protocol, from, to, groupId, cidr, description, Map.of());
    }

    SecurityGroup target(QueryParams p) {
        String id = p.get("GroupId");
        if (id != null) {
            return group(id);
        }
        String name = p.require("GroupName");
        return groups.values().stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow(() ->
                AwsException.badRequest("InvalidGroup.NotFound", "The security group '" + name + "' does not exist"));
    }

    SecurityGroup group(String id) {
        SecurityGroup group = groups.get(id);
        if (group == null) {
            throw AwsException.badRequest("InvalidGroup.NotFound", "The security group '" + id + "' does not exist");
        }
        return group;
    }
}
