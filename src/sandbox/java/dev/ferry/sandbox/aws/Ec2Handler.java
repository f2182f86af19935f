package dev.ferry.sandbox.aws;

import dev.ferry.sandbox.aws.SecurityGroup.IpRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** EC2: security groups (their rules in {@link Ec2Rules}), tags, and the seeded VPC and subnets. */
final class Ec2Handler implements QueryProtocol.Operations {
    private final Env env;
    private final Map<String, SecurityGroup> groups = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> networkTags = new LinkedHashMap<>();
    /** Names the resource (an RDS instance, a cache cluster, an ECS service) that uses a group, if any. */
    private final Function<String, Optional<String>> dependents;
    private final Ec2Rules rules;

    Ec2Handler(Env env, Function<String, Optional<String>> dependents) {
        this.env = env;
        this.dependents = dependents;
        this.rules = new Ec2Rules(env, groups);
        SandboxWorld w = env.world();
        SecurityGroup host = new SecurityGroup(w.hostGroup().id(), w.hostGroup().name(), "the compose host",
                w.vpc().id(), List.of(new IpRule("sgr-" + Ids.hex(17), "tcp", 443, 443, null, "0.0.0.0/0"),
                        new IpRule("sgr-" + Ids.hex(17), "tcp", 22, 22, null, w.vpc().cidr())),
                Map.of("Name", w.hostGroup().name()));
        groups.put(host.id(), host);
        SecurityGroup alb = new SecurityGroup(w.loadBalancer().securityGroupId(), w.loadBalancer().name(),
                "the load balancer", w.vpc().id(), List.of(new IpRule("sgr-" + Ids.hex(17), "tcp", 443, 443, null,
                "0.0.0.0/0")), Map.of("Name", w.loadBalancer().name()));
        groups.put(alb.id(), alb);
        networkTags.put(w.vpc().id(), new LinkedHashMap<>(Map.of("Name", "sandbox")));
        w.subnets().forEach(s -> networkTags.put(s.id(), new LinkedHashMap<>(Map.of("Name", "private-" + s.availabilityZone()))));
    }

    @Override
    public synchronized void call(String action, QueryParams p, Xml out) {
        switch (action) {
            case "CreateSecurityGroup" -> createSecurityGroup(p, out);
            case "DescribeSecurityGroups" -> out.list("securityGroupInfo", "item", describe(p), this::writeGroup);
            case "AuthorizeSecurityGroupIngress" -> rules.authorize(p, out);
            case "RevokeSecurityGroupIngress" -> rules.revoke(p, out);
            case "DescribeSecurityGroupRules" -> rules.describe(p, out);
            case "DeleteSecurityGroup" -> deleteSecurityGroup(p, out);
            case "CreateTags" -> createTags(p, out);
            case "DescribeVpcs" -> describeVpcs(p, out);
            case "DescribeSubnets" -> describeSubnets(p, out);
            default -> throw QueryProtocol.unknownAction(action);
        }
    }

    synchronized boolean exists(String groupId) {
        return groups.containsKey(groupId);
    }

    private void createSecurityGroup(QueryParams p, Xml out) {
        String name = p.require("GroupName");
        String vpcId = p.get("VpcId", env.world().vpc().id());
        if (!vpcId.equals(env.world().vpc().id())) {
            throw AwsException.badRequest("InvalidVpcID.NotFound", "The vpc ID '" + vpcId + "' does not exist");
        }
        if (groups.values().stream().anyMatch(g -> g.name().equals(name) && g.vpcId().equals(vpcId))) {
            throw AwsException.badRequest("InvalidGroup.Duplicate",
                    "The security group '" + name + "' already exists for VPC '" + vpcId + "'");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        p.members("TagSpecification").forEach(spec -> tags.putAll(spec.tags("Tag")));
        SecurityGroup group = new SecurityGroup("sg-" + Ids.hex(17), name, p.require("GroupDescription"), vpcId,
                List.of(), tags);
        groups.put(group.id(), group);
        out.el("return", true).el("groupId", group.id());
        out.tags("tagSet", "item", "key", "value", tags).el("securityGroupArn", arn(group));
    }

    private List<SecurityGroup> describe(QueryParams p) {
        List<String> ids = p.values("GroupId");
        List<String> names = p.values("GroupName");
        for (String id : ids) {
            group(id);
        }
        Ec2Filters filters = Ec2Filters.of(p);
        return groups.values().stream()
                .filter(g -> ids.isEmpty() || ids.contains(g.id()))
                .filter(g -> names.isEmpty() || names.contains(g.name()))
                .filter(g -> filters.matches(attribute -> switch (attribute) {
                    case "group-name" -> g.name();
                    case "group-id" -> g.id();
                    case "vpc-id" -> g.vpcId();
                    case "description" -> g.description();
                    default -> null;
                }, g.tags()))
                .toList();
    }

    private void writeGroup(Xml x, SecurityGroup g) {
        x.el("ownerId", env.world().accountId()).el("groupName", g.name()).el("groupDescription", g.description())
                .el("groupId", g.id()).el("vpcId", g.vpcId()).el("securityGroupArn", arn(g));
        x.list("ipPermissions", "item", g.ingress(), this::writeRule);
        x.open("ipPermissionsEgress").open("item").el("ipProtocol", "-1").open("groups").close()
                .open("ipRanges").open("item").el("cidrIp", "0.0.0.0/0").close().close().close().close();
        x.tags("tagSet", "item", "key", "value", g.tags());
    }

    private void writeRule(Xml x, IpRule r) {
        x.el("ipProtocol", r.protocol()).el("fromPort", r.fromPort()).el("toPort", r.toPort());
        x.open("groups");
        if (r.sourceGroupId() != null) {
            x.open("item").el("userId", env.world().accountId()).el("groupId", r.sourceGroupId())
                    .el("description", r.description()).close();
        }
        x.close().open("ipRanges");
        if (r.cidr() != null) {
            x.open("item").el("cidrIp", r.cidr()).el("description", r.description()).close();
        }
        x.close();
    }

    private void deleteSecurityGroup(QueryParams p, Xml out) {
        SecurityGroup group = target(p);
        Optional<String> user = dependents.apply(group.id())
                .or(() -> groups.values().stream().filter(g -> g.ingress().stream()
                        .anyMatch(r -> group.id().equals(r.sourceGroupId())) && !g.id().equals(group.id()))
                        .map(SecurityGroup::id).findFirst());
        if (user.isPresent()) {
            throw AwsException.badRequest("DependencyViolation",
                    "resource " + group.id() + " has a dependent object (" + user.get() + ")");
        }
        groups.remove(group.id());
        out.el("return", true).el("groupId", group.id());
    }

    private void createTags(QueryParams p, Xml out) {
        Map<String, String> tags = p.tags("Tag");
        for (String id : p.values("ResourceId")) {
            if (groups.containsKey(id)) {
                groups.put(id, groups.get(id).withTags(tags));
            } else if (networkTags.containsKey(id)) {
                networkTags.get(id).putAll(tags);
            } else {
                throw AwsException.badRequest(id.startsWith("sg-") ? "InvalidGroup.NotFound" : "InvalidID",
                        "The ID '" + id + "' does not exist");
            }
        }
        out.el("return", true);
    }

    private void describeVpcs(QueryParams p, Xml out) {
        SandboxWorld.Vpc vpc = env.world().vpc();
        List<String> ids = p.values("VpcId");
        ids.stream().filter(id -> !id.equals(vpc.id())).findFirst().ifPresent(id -> {
            throw AwsException.badRequest("InvalidVpcID.NotFound", "The vpc ID '" + id + "' does not exist");
        });
        boolean match = Ec2Filters.of(p).matches(a -> switch (a) {
            case "vpc-id" -> vpc.id();
            case "cidr", "cidr-block" -> vpc.cidr();
            case "state" -> "available";
            case "is-default" -> "false";
            default -> null;
        }, networkTags.get(vpc.id()));
        out.list("vpcSet", "item", match ? List.of(vpc) : List.<SandboxWorld.Vpc>of(), (x, v) -> x.el("vpcId", v.id())
                .el("ownerId", env.world().accountId()).el("state", "available").el("cidrBlock", v.cidr())
                .el("dhcpOptionsId", "dopt-0sandbox").el("instanceTenancy", "default").el("isDefault", false)
                .tags("tagSet", "item", "key", "value", networkTags.get(v.id())));
    }

    private void describeSubnets(QueryParams p, Xml out) {
        List<String> ids = p.values("SubnetId");
        List<SandboxWorld.Subnet> all = env.world().subnets();
        ids.stream().filter(id -> all.stream().noneMatch(s -> s.id().equals(id))).findFirst().ifPresent(id -> {
            throw AwsException.badRequest("InvalidSubnetID.NotFound", "The subnet ID '" + id + "' does not exist");
        });
        Ec2Filters filters = Ec2Filters.of(p);
        List<SandboxWorld.Subnet> found = all.stream().filter(s -> ids.isEmpty() || ids.contains(s.id()))
                .filter(s -> filters.matches(a -> switch (a) {
                    case "subnet-id" -> s.id();
                    case "vpc-id" -> env.world().vpc().id();
                    case "availability-zone" -> s.availabilityZone();
                    case "cidr-block" -> s.cidr();
                    default -> null;
                }, networkTags.get(s.id()))).toList();
        out.list("subnetSet", "item", found, (x, s) -> x.el("subnetId", s.id()).el("subnetArn", env.arn("ec2", "subnet/" + s.id()))
                .el("state", "available").el("vpcId", env.world().vpc().id()).el("cidrBlock", s.cidr())
                .el("availableIpAddressCount", 250).el("availabilityZone", s.availabilityZone())
                .el("defaultForAz", false).el("mapPublicIpOnLaunch", false).el("ownerId", env.world().accountId())
                .tags("tagSet", "item", "key", "value", networkTags.get(s.id())));
    }

    private SecurityGroup target(QueryParams p) {
        return rules.target(p);
    }

    private SecurityGroup group(String id) {
        return rules.group(id);
    }

    private String arn(SecurityGroup g) {
        return env.arn("ec2", "security-group/" + g.id());
    }
}
