package dev.ferry.steps;

import dev.ferry.Failures;
import dev.ferry.step.AwsDeletions.LogGroupDeletion;
import dev.ferry.step.AwsDeletions.ClusterDeletion;
import dev.ferry.step.AwsChanges.ServiceDeletionRequest;
import dev.ferry.step.AwsRequests.ClusterRequest;
import dev.ferry.step.AwsRequests.LogGroupRequest;
import dev.ferry.step.AwsRequests.ServiceRequest;
import dev.ferry.step.AwsRequests.TaskDefinitionRequest;
import dev.ferry.step.Action;
import dev.ferry.step.ActionContext;
import dev.ferry.step.Effect;
import dev.ferry.plan.EcsService;
import dev.ferry.plan.EcsSpec;
import dev.ferry.plan.Plan;
import dev.ferry.plan.ServiceRole;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Log group, cluster, one task definition and one service (at desiredCount 0) per ECS service of the plan. */
final class ProvisionEcs {
    private static final String ID = Provision.ID;
    private static final Duration DELETE_TIMEOUT = Duration.ofMinutes(15);

    private final Plan plan;
    private final PlanNames names;
    private final int logRetentionDays;

    ProvisionEcs(Plan plan, int logRetentionDays) {
        this.plan = plan;
        this.names = new PlanNames(plan);
        this.logRetentionDays = logRetentionDays;
    }

    private EcsSpec ecs() {
        return plan.target().ecs();
    }

    Action createCluster() {
        LogGroupRequest logGroup = new LogGroupRequest(ecs().logGroup(), logRetentionDays, names.tags());
        ClusterRequest cluster = new ClusterRequest(ecs().cluster(), names.tags());
        return new Action("create-cluster", "CloudWatch log group and ECS cluster", AwsCall.of(logGroup, cluster),
                ctx -> {
                    ctx.aws().ensureLogGroup(logGroup);
                    ctx.record("clusterArn", ctx.aws().ensureCluster(cluster));
                });
    }

    Action registerTaskDefinitions(int parallelism) {
        return new Action("register-task-definitions", "one Fargate task definition per service",
                ecs().services().stream().flatMap(s -> AwsCall.of(taskDefinition(s)).stream()).toList(),
                ctx -> Parallel.run(parallelism, ecs().services().stream()
                        .map(s -> Parallel.task(names.ecsName(s), () -> ctx.record("taskDefinitionArn." + s.name(),
                                ctx.aws().registerTaskDefinition(taskDefinition(s)))))
                        .toList()));
    }

    TaskDefinitionRequest taskDefinition(EcsService s) {
        return new TaskDefinitionRequest(names.ecsName(s), ecs().image(), s.command(), s.env(), secretParameters(s),
                s.cpu(), s.memory(), s.port(), ecs().executionRoleArn(), ecs().taskRoleArn(), ecs().logGroup(),
                plan.target().region(), names.tags());
    }

    /** Env name → SSM parameter name; ECS accepts the name for a parameter in the task's region. */
    private Map<String, String> secretParameters(EcsService s) {
        Map<String, String> out = new LinkedHashMap<>();
        s.secrets().forEach((env, key) -> out.put(env, names.parameter(key)));
        return out;
    }

    Action createServices(int parallelism) {
        return new Action("create-services", "one ECS service per compose service, at desiredCount 0",
                ecs().services().stream().flatMap(s -> AwsCall.of(service(s)).stream()).toList(),
                ctx -> Parallel.run(parallelism, ecs().services().stream()
                        .map(s -> Parallel.task(names.ecsName(s), () -> ctx.aws().ensureService(service(s).withRunTimeIds(
                                ctx.requireOutput(ID, "taskDefinitionArn." + s.name()),
                                ctx.requireOutput(ID, "tasksSecurityGroupId"), targetGroupArn(ctx, s)))))
                        .toList()));
    }

    /** The request a service is created with; the ids the run creates first are placeholders until then. */
    ServiceRequest service(EcsService s) {
        boolean server = names.role(s) == ServiceRole.SERVER;
        return new ServiceRequest(ecs().cluster(), names.ecsName(s), "<" + names.ecsName(s) + " task definition ARN>",
                plan.target().network().subnetIds(), "<tasks sg>", 0, s.singleton(),
                server ? "<target group " + names.targetGroup() + ">" : null, names.ecsName(s),
                server ? s.port() : null, names.tags());
    }

    /** Only the server is behind the load balancer, so only its run needs the target group. */
    private String targetGroupArn(ActionContext ctx, EcsService s) {
        return names.role(s) == ServiceRole.SERVER ? ctx.requireOutput(ID, "targetGroupArn") : null;
    }

    Action deleteServices(int parallelism) {
        List<Effect> effects = new ArrayList<>();
        for (EcsService s : ecs().services()) {
            effects.add(AwsCall.ownerCheck(names, "it", "ecs:DescribeServices", "Cluster", ecs().cluster(), "Services",
                    "[" + names.ecsName(s) + "]", "Include", "[TAGS]"));
            effects.addAll(AwsCall.of(deletion(s)));
        }
        return new Action("delete-services", "scale every service to 0 and delete it", effects,
                ctx -> Parallel.run(parallelism, ecs().services().stream()
                        .map(s -> Parallel.task(names.ecsName(s),
                                () -> ctx.aws().deleteService(deletion(s), DELETE_TIMEOUT, names.owner())))
                        .toList()));
    }

    private ServiceDeletionRequest deletion(EcsService s) {
        return new ServiceDeletionRequest(ecs().cluster(), names.ecsName(s));
    }

    Action deleteClusterAndDefinitions() {
        return new Action("delete-cluster", "deregister task definitions, delete the cluster and the log group",
                List.of(AwsCall.ownerCheck(names, "every one, before any is deregistered,", "ecs:DescribeTaskDefinition",
                                "TaskDefinition", "<every revision of " + families() + ">", "Include", "[TAGS]"),
                        AwsCall.of("ecs:DeregisterTaskDefinition", "TaskDefinition", "<every revision of " + families() + ">"),
                        AwsCall.ownerCheck(names, "it", "ecs:DescribeClusters", "Clusters", "[" + ecs().cluster() + "]",
                                "Include", "[TAGS]"),
                        AwsCall.of(new ClusterDeletion(ecs().cluster())).get(0),
                        AwsCall.ownerCheck(names, "it", "logs:ListTagsForResource", "resourceArn", "<ARN of log group "
                                + ecs().logGroup() + ">"),
                        AwsCall.of(new LogGroupDeletion(ecs().logGroup())).get(0)),
                ctx -> {
                    ecs().services().forEach(s -> ctx.aws().deregisterTaskDefinitions(names.ecsName(s), names.owner()));
                    ctx.aws().deleteCluster(new ClusterDeletion(ecs().cluster()), names.owner());
                    ctx.aws().deleteLogGroup(new LogGroupDeletion(ecs().logGroup()), names.owner());
                });
    }

    private List<String> families() {
        return ecs().services().stream().map(names::ecsName).toList();
    }

    /** Every secret an ECS service names must be a parameter ferry writes, or its tasks could never start. */
    void requireKnownSecrets(List<String> written) {
        for (EcsService s : ecs().services()) {
            s.secrets().forEach((env, key) -> {
                if (!written.contains(key)) {
                    throw Failures.input("ECS service " + s.name() + " takes " + env + " from SSM key " + key
                            + ", which ferry does not write (it writes " + written + ")",
                            "Add " + key + " to target.parameters.carry or fix the service's secrets");
                }
            });
        }
    }
}
