package dev.ferry.steps;

import dev.ferry.Failures;
import dev.ferry.step.AwsRequests.SecurityGroupRequest;
import dev.ferry.step.AwsRequests.TargetGroupRequest;
import dev.ferry.step.Action;
import dev.ferry.step.ActionContext;
import dev.ferry.step.Effect;
import dev.ferry.plan.Network;
import dev.ferry.plan.Plan;
import java.util.ArrayList;
import java.util.List;

/**
 * Security groups with least privilege (the database and cache accept only the ECS tasks and the source host, by
 * group, never a CIDR; the tasks accept only the load balancer on the server port) and the server's target group.
 */
final class ProvisionNetwork {
    private static final String ID = Provision.ID;

    private final Plan plan;
    private final PlanNames names;

    ProvisionNetwork(Plan plan) {
        this.plan = plan;
        this.names = new PlanNames(plan);
    }

    Action createSecurityGroups() {
        return new Action("create-security-groups", "security groups for tasks, database and cache", securityGroupEffects(),
                ctx -> {
                    Network net = plan.target().network();
                    List<SecurityGroupRequest> groups = securityGroups();
                    String tasks = group(ctx, groups.get(0), "tasksSecurityGroupId");
                    String db = group(ctx, groups.get(1), "databaseSecurityGroupId");
                    String cache = group(ctx, groups.get(2), "cacheSecurityGroupId");
                    for (String source : List.of(tasks, net.hostSecurityGroupId())) {
                        ctx.aws().allowIngress(db, PlanNames.POSTGRES_PORT, source, names.owner());
                        ctx.aws().allowIngress(cache, PlanNames.REDIS_PORT, source, names.owner());
                    }
                    int port = serverPort();
                    for (String lb : ctx.aws().loadBalancerSecurityGroups(plan.edge().listenerArn())) {
                        ctx.aws().allowIngress(tasks, port, lb, names.owner());
                    }
                    ctx.progress("security groups: tasks " + tasks + ", database " + db + ", cache " + cache);
                });
    }

    private List<Effect> securityGroupEffects() {
        String host = plan.target().network().hostSecurityGroupId();
        List<Effect> effects = new ArrayList<>(AwsCall.of(securityGroups().toArray(SecurityGroupRequest[]::new)));
        effects.add(AwsCall.ownerCheck(names, "each group a rule is added to", "ec2:DescribeSecurityGroups",
                "GroupIds", "[<db sg>, <cache sg>, <tasks sg>]"));
        for (String source : List.of("<tasks sg>", host)) {
            effects.add(ingress("<db sg>", PlanNames.POSTGRES_PORT, source));
            effects.add(ingress("<cache sg>", PlanNames.REDIS_PORT, source));
        }
        effects.add(AwsCall.of("elbv2:DescribeListeners", "ListenerArns", "[" + plan.edge().listenerArn() + "]"));
        effects.add(AwsCall.of("elbv2:DescribeLoadBalancers", "LoadBalancerArns", "[<load balancer of the listener>]"));
        effects.add(ingress("<tasks sg>", serverPort(), "<load balancer sg>"));
        return effects;
    }

    private static Effect ingress(String group, int port, String source) {
        return AwsCall.of("ec2:AuthorizeSecurityGroupIngress", "GroupId", group, "IpProtocol", "tcp", "FromPort", port,
                "ToPort", port, "SourceSecurityGroupId", source);
    }

    /** Tasks, database, cache: in the order they are created. */
    private List<SecurityGroupRequest> securityGroups() {
        return List.of(securityGroup(names.tasksSecurityGroup(), "ECS tasks"),
                securityGroup(names.databaseSecurityGroup(), "RDS, from tasks and host"),
                securityGroup(names.cacheSecurityGroup(), "ElastiCache, from tasks and host"));
    }

    private SecurityGroupRequest securityGroup(String name, String description) {
        return new SecurityGroupRequest(name, plan.target().network().vpcId(),
                "ferry " + plan.name() + ": " + description, names.tags());
    }

    private String group(ActionContext ctx, SecurityGroupRequest request, String key) {
        String id = ctx.aws().ensureSecurityGroup(request);
        ctx.persist(key, id);
        return id;
    }

    private int serverPort() {
        Integer port = names.ecsServer().port();
        if (port == null) {
            throw Failures.input("the server ECS service " + names.ecsServer().name() + " has no port",
                    "Set its port in target.ecs.services");
        }
        return port;
    }

    Action createTargetGroup() {
        TargetGroupRequest request = new TargetGroupRequest(names.targetGroup(), plan.target().network().vpcId(),
                serverPort(), plan.edge().healthPath(), names.tags());
        return new Action("create-target-group", "target group for the Fargate server (no traffic until a rule routes to it)",
                AwsCall.of(request), ctx -> ctx.persist("targetGroupArn", ctx.aws().ensureTargetGroup(request)));
    }

    Action deleteTargetGroup() {
        String group = "<target group " + names.targetGroup() + ">";
        return new Action("delete-target-group", "delete the server's target group",
                List.of(AwsCall.ownerCheck(names, "it", "elbv2:DescribeTags", "ResourceArns", "[" + group + "]"),
                        AwsCall.of("elbv2:DeleteTargetGroup", "TargetGroupArn", group)),
                ctx -> ctx.output(ID, "targetGroupArn").ifPresent(arn -> ctx.aws().deleteTargetGroup(arn, names.owner())));
    }

    Action deleteSecurityGroups() {
        return new Action("delete-security-groups", "delete the security groups (database and cache first: they reference tasks)",
                List.of(AwsCall.ownerCheck(names, "each", "ec2:DescribeSecurityGroups", "GroupIds", "[<db sg>, <cache sg>,"
                                + " <tasks sg>]"),
                        AwsCall.of("ec2:DeleteSecurityGroup", "GroupId", "<db sg " + names.databaseSecurityGroup() + ">"),
                        AwsCall.of("ec2:DeleteSecurityGroup", "GroupId", "<cache sg " + names.cacheSecurityGroup() + ">"),
                        AwsCall.of("ec2:DeleteSecurityGroup", "GroupId", "<tasks sg " + names.tasksSecurityGroup() + ">")),
                ctx -> {
                    for (String key : List.of("databaseSecurityGroupId", "cacheSecurityGroupId", "tasksSecurityGroupId")) {
                        ctx.output(ID, key).ifPresent(id -> ctx.aws().deleteSecurityGroup(id, names.owner()));
                    }
                });
    }
}
