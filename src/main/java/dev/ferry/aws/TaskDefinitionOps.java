package dev.ferry.aws;

import static java.util.stream.Collectors.toMap;

import dev.ferry.step.AwsPorts.Owner;
import dev.ferry.step.AwsRequests.TaskDefinitionRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.HealthCheck;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LogConfiguration;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.SortOrder;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;
import software.amazon.awssdk.services.ecs.model.TransportProtocol;

/**
 * Fargate task definitions, one container each, named after the family. A new revision is registered only when the
 * wanted definition differs from the latest ACTIVE one, so re-running provision does not churn revisions.
 */
final class TaskDefinitionOps {
    private static final Logger log = LoggerFactory.getLogger(TaskDefinitionOps.class);
    private static final int DELETE_BATCH = 10;

    private final EcsClient ecs;
    private final AwsCalls calls;

    TaskDefinitionOps(EcsClient ecs, AwsSettings settings) {
        this.ecs = ecs;
        this.calls = new AwsCalls(AwsService.ECS, settings);
    }

    String register(TaskDefinitionRequest request) {
        PlanTags wanted = PlanTags.of(request.tags());
        String family = request.family();
        ContainerDefinition container = containerFor(request);
        Optional<DescribeTaskDefinitionResponse> latest = latestActive(family);
        if (latest.isPresent()) {
            TaskDefinition current = latest.get().taskDefinition();
            wanted.requireAdoptable(AwsService.ECS, "task definition family", family,
                    PlanTags.toMap(latest.get().tags(), Tag::key, Tag::value));
            if (TaskShape.of(current).equals(TaskShape.of(request, container))) {
                log.info("task definition {} is unchanged", current.taskDefinitionArn());
                return current.taskDefinitionArn();
            }
        }
        String arn = calls.call("RegisterTaskDefinition", family, () -> ecs.registerTaskDefinition(r -> r
                .family(family).networkMode(NetworkMode.AWSVPC).requiresCompatibilities(Compatibility.FARGATE)
                .cpu(String.valueOf(request.cpu())).memory(String.valueOf(request.memory()))
                .executionRoleArn(request.executionRoleArn()).taskRoleArn(request.taskRoleArn())
                .containerDefinitions(container)
                .tags(wanted.as((k, v) -> Tag.builder().key(k).value(v).build())))).taskDefinition()
                .taskDefinitionArn();
        log.info("registered task definition {}", arn);
        return arn;
    }

    /**
     * Deregisters every ACTIVE revision of the family, then deletes all its revisions; every revision is checked for
     * the owner's tag before any is touched.
     */
    void deregisterAll(String family, Owner owner) {
        List<String> active = revisions(family, TaskDefinitionStatus.ACTIVE);
        List<String> checked = concat(active, revisions(family, TaskDefinitionStatus.INACTIVE));
        for (String arn : checked) {
            PlanTags.requireOwned(owner, PlanTags.Touch.DELETE, AwsService.ECS, "task definition",
                    arn.substring(arn.lastIndexOf('/') + 1), PlanTags.toMap(describe(arn).tags(), Tag::key, Tag::value));
        }
        for (String arn : active) {
            calls.find("DeregisterTaskDefinition", arn, () -> ecs.deregisterTaskDefinition(r -> r.taskDefinition(arn)));
        }
        List<String> inactive = revisions(family, TaskDefinitionStatus.INACTIVE).stream().filter(checked::contains)
                .toList();
        for (int from = 0; from < inactive.size(); from += DELETE_BATCH) {
            List<String> batch = inactive.subList(from, Math.min(inactive.size(), from + DELETE_BATCH));
            calls.call("DeleteTaskDefinitions", family, () -> ecs.deleteTaskDefinitions(r -> r.taskDefinitions(batch)));
        }
        log.info("deregistered {} and deleted {} revisions of task definition family {}", active.size(),
                inactive.size(), family);
    }

    private Optional<DescribeTaskDefinitionResponse> latestActive(String family) {
        List<String> active = revisions(family, TaskDefinitionStatus.ACTIVE);
        if (active.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(describe(active.get(0)));
    }

    private DescribeTaskDefinitionResponse describe(String arn) {
        return calls.call("DescribeTaskDefinition", arn, () -> ecs.describeTaskDefinition(r -> r
                .taskDefinition(arn).include(TaskDefinitionField.TAGS)));
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /** Newest first; only this exact family (a prefix filter alone would also match "web-2" for "web"). */
    private List<String> revisions(String family, TaskDefinitionStatus status) {
        String marker = ":task-definition/" + family + ":";
        List<String> arns = new ArrayList<>();
        calls.run("ListTaskDefinitions", family, () -> ecs.listTaskDefinitionsPaginator(r -> r.familyPrefix(family)
                .status(status).sort(SortOrder.DESC)).taskDefinitionArns().forEach(arns::add));
        return arns.stream().filter(arn -> arn.contains(marker)).toList();
    }

    private ContainerDefinition containerFor(TaskDefinitionRequest request) {
        ContainerDefinition.Builder container = ContainerDefinition.builder()
                .name(request.family()).image(request.image()).essential(true)
                .environment(new TreeMap<>(request.env()).entrySet().stream()
                        .map(e -> KeyValuePair.builder().name(e.getKey()).value(e.getValue()).build()).toList())
                .secrets(new TreeMap<>(request.secretParameterArns()).entrySet().stream()
                        .map(e -> Secret.builder().name(e.getKey()).valueFrom(parameterArn(e.getValue())).build())
                        .toList())
                .logConfiguration(LogConfiguration.builder().logDriver(LogDriver.AWSLOGS).options(request.logOptions())
                        .build());
        if (request.command() != null && !request.command().isEmpty()) {
            container.command(request.command());
        }
        if (request.port() != null) {
            container.portMappings(PortMapping.builder().containerPort(request.port())
                    .protocol(TransportProtocol.TCP).build());
            container.healthCheck(HealthCheck.builder().command(request.healthCheckCommand())
                    .interval(30).timeout(5).retries(3).startPeriod(60).build());
        }
        return container.build();
    }

    /**
     * ECS takes a parameter's name as well as its ARN when it lives in the task's region, so the name is passed as is:
     * the URL parameters only exist once the data stores are up, after the task definitions are registered.
     */
    private static String parameterArn(String nameOrArn) {
        return nameOrArn;
    }

    /** The fields ferry sets, normalised so that ECS's defaults and ordering do not count as a change. */
    private record TaskShape(String cpu, String memory, String executionRole, String taskRole, String name,
                             String image, List<String> command, Map<String, String> env, Map<String, String> secrets,
                             List<Integer> ports, String logDriver, Map<String, String> logOptions,
                             List<String> healthCheck) {

        static TaskShape of(TaskDefinition current) {
            return of(current.cpu(), current.memory(), current.executionRoleArn(), current.taskRoleArn(),
                    current.containerDefinitions().get(0));
        }

        static TaskShape of(TaskDefinitionRequest request, ContainerDefinition container) {
            return of(String.valueOf(request.cpu()), String.valueOf(request.memory()), request.executionRoleArn(),
                    request.taskRoleArn(), container);
        }

        private static TaskShape of(String cpu, String memory, String executionRole, String taskRole,
                                    ContainerDefinition c) {
            LogConfiguration logs = c.logConfiguration();
            return new TaskShape(cpu, memory, executionRole, taskRole, c.name(), c.image(), List.copyOf(c.command()),
                    c.environment().stream().collect(toMap(KeyValuePair::name, KeyValuePair::value, (a, b) -> b,
                            TreeMap::new)),
                    c.secrets().stream().collect(toMap(Secret::name, Secret::valueFrom, (a, b) -> b, TreeMap::new)),
                    c.portMappings().stream().map(PortMapping::containerPort).sorted().toList(),
                    logs == null ? null : logs.logDriverAsString(),
                    logs == null ? Map.of() : new TreeMap<>(logs.options()),
                    c.healthCheck() == null ? List.of() : List.copyOf(c.healthCheck().command()));
        }
    }
}
