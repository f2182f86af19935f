package dev.ferry.steps;

import dev.ferry.Failures;
import dev.ferry.step.AwsDeletions.SecurityGroupDeletion;
import dev.ferry.step.AwsDeletions.TargetGroupDeletion;
import dev.ferry.step.AwsChanges.IngressRequest;
import dev.ferry.step.AwsRequests.SecurityGroupRequest;
import dev.ferry.step.AwsRequests.TargetGroupRequest;
import dev.ferry.step.Action;
import dev.ferry.step.ActionContext;
import dev.ferry.step.Effect;
import dev.ferry.plan.Network;
import dev.ferry.plan.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Security groups with least privilege (the database and cache accept only the ECS tasks and the source host, by
 * group, never a CIDR; the tasks accept only the load balancer on the server port) and the server's target group.
 */
final class ProvisionNetwork {
    private static final String ID = Provision.ID;

    private static final String TASKS_SG = "<tasks sg>";
    private static final String DB_SG = "<db sg>";
    private static final String CACHE_SG = "<cache sg>";

    private final Plan plan;
    private final PlanNames names;

    ProvisionNetwork(Plan plan) {
        this.plan = plan;
        this.names = new PlanNames(plan);
    }

    Action createSecurityGroups() {
        return new Action("create-security-groups", "security groups for tasks, database and cache", securityGroupEffects(),
                ctx -> {
                    List<SecurityGroupRequest> groups = securityGroups();
                    String tasks = group(ctx, groups.get(0), "tasksSecurityGroupId");
                    String db = group(ctx, groups.get(1), "databaseSecurityGroupId");
                    String cache = group(ctx, groups.get(2), "cacheSecurityGroupId");
                    Map<String, String> ids = Map.of(TASKS_SG, tasks, DB_SG, db, CACHE_SG, cache);
                    for (IngressRequest rule : dataStoreIngress()) {
                        ctx.aws().allowIngress(rule.withGroups(ids.get(rule.groupId()),
                                ids.getOrDefault(rule.sourceGroupId(), rule.sourceGroupId())), names.owner());
                    }
                    for (String lb : ctx.aws().loadBalancerSecurityGroups(plan.edge().listenerArn())) {
                        ctx.aws().allowIngress(serverIngress().withGroups(tasks, lb), names.owner());
                    }
                    ctx.progress("security groups: tasks " + tasks + ", database " + db + ", cache " + cache);
                });
    }

    private List<Effect> securityGroupEffects() {
        List<Effect> effects = new ArrayList<>(AwsCall.of(securityGroups().toArray(SecurityGroupRequest[]::new)));
        effects.add(AwsCall.ownerCheck(names, "each group a rule is added to", "ec2:DescribeSecurityGroups",
                "GroupIds", "[<db sg>, <cache sg>, <tasks sg>]"));
        dataStoreIngress().forEach(rule -> effects.addAll(AwsCall.of(rule)));
        effects.add(AwsCall.of("elbv2:DescribeListeners", "ListenerArns", "[" + plan.edge().listenerArn() + "]"));
        effects.add(AwsCall.of("elbv2:DescribeLoadBalancers", "LoadBalancerArns", "[<load balancer of the listener>]"));
        effects.addAll(AwsCall.of(serverIngress()));
        return effects;
    }

    /** Database and cache, each from the tasks and from the host. */
    private List<IngressRequest> dataStoreIngress() {
        List<IngressRequest> rules = new ArrayList<>();
        for (String source : List.of(TASKS_SG, plan.target().network().hostSecurityGroupId())) {
            rules.add(new IngressRequest(DB_SG, PlanNames.POSTGRES_PORT, source));
            rules.add(new IngressRequest(CACHE_SG, PlanNames.REDIS_PORT, source));
        }
        return rules;
    }

    /** The tasks from each of the load balancer's groups; the groups are known only at run time. */
    private IngressRequest serverIngress() {
        return new IngressRequest(TASKS_SG, serverPort(), "<load balancer sg>");
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
                        AwsCall.of(new TargetGroupDeletion(group)).get(0)),
                ctx -> ctx.output(ID, "targetGroupArn").ifPresent(arn -> ctx.aws().deleteTargetGroup(
                        new TargetGroupDeletion(arn), names.owner())));
    }

    Action deleteSecurityGroups() {
        List<Effect> effects = new ArrayList<>();
        effects.add(AwsCall.ownerCheck(names, "each", "ec2:DescribeSecurityGroups", "GroupIds",
                "[<db sg>, <cache sg>, <tasks sg>]"));
        effects.addAll(AwsCall.of(new SecurityGroupDeletion("<db sg " + names.databaseSecurityGroup() + ">"),
                new SecurityGroupDeletion("<cache sg " + names.cacheSecurityGroup() + ">"),
                new SecurityGroupDeletion("<tasks sg " + names.tasksSecurityGroup() + ">")));
        return new Action("delete-security-groups", "delete the security groups (database and cache first: they"
                + " reference tasks)", effects,
                ctx -> {
                    for (String key : List.of("databaseSecurityGroupId", "cacheSecurityGroupId", "tasksSecurityGroupId")) {
                        ctx.output(ID, key).ifPresent(id -> ctx.aws().deleteSecurityGroup(new SecurityGroupDeletion(id),
                                names.owner()));
                    }
                });
    }
}
