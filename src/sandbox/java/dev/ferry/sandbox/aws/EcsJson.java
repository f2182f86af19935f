package dev.ferry.sandbox.aws;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/** ECS resources as the JSON the API returns (timestamps in epoch seconds). */
final class EcsJson {
    private final Env env;
    private final EcsState state;

    EcsJson(Env env, EcsState state) {
        this.env = env;
        this.state = state;
    }

    ObjectNode cluster(EcsCluster c, boolean withTags) {
        List<EcsServiceState> services = state.services().stream()
                .filter(s -> s.clusterArn().equals(c.arn()) && !s.status().equals("INACTIVE")).toList();
        List<EcsTask> tasks = state.tasks().stream().filter(t -> t.clusterArn().equals(c.arn())).toList();
        ObjectNode node = object().put("clusterArn", c.arn()).put("clusterName", c.name()).put("status", c.status())
                .put("registeredContainerInstancesCount", 0)
                .put("runningTasksCount", tasks.stream().filter(EcsTask::running).count())
                .put("pendingTasksCount", tasks.stream().filter(EcsTask::pending).count())
                .put("activeServicesCount", services.size());
        if (withTags) {
            node.set("tags", JsonTags.toList(c.tags(), "key", "value"));
        }
        return node;
    }

    ObjectNode taskDefinition(TaskDefinition t) {
        ObjectNode node = t.body().deepCopy();
        node.put("taskDefinitionArn", t.arn()).put("revision", t.revision()).put("status", t.status())
                .put("registeredAt", seconds(t.registeredAt())).put("registeredBy", env.arn("iam", "root").replace(
                        ":" + env.world().region(), ""));
        node.putArray("compatibilities").add("EC2").add("FARGATE");
        if (!node.has("requiresAttributes")) {
            node.putArray("requiresAttributes");
        }
        return node;
    }

    ObjectNode service(EcsServiceState s, boolean withTags) {
        List<EcsTask> tasks = state.tasksOf(s);
        ObjectNode node = object().put("serviceArn", s.arn()).put("serviceName", s.name()).put("clusterArn", s.clusterArn())
                .put("status", s.status()).put("desiredCount", s.desiredCount())
                .put("runningCount", tasks.stream().filter(EcsTask::running).count())
                .put("pendingCount", tasks.stream().filter(EcsTask::pending).count())
                .put("launchType", "FARGATE").put("platformVersion", "LATEST").put("taskDefinition", s.taskDefinitionArn())
                .put("createdAt", seconds(s.createdAt())).put("schedulingStrategy", "REPLICA");
        ObjectNode config = node.putObject("deploymentConfiguration")
                .put("minimumHealthyPercent", s.config().minimumHealthyPercent())
                .put("maximumPercent", s.config().maximumPercent());
        config.putObject("deploymentCircuitBreaker").put("enable", s.config().circuitBreaker())
                .put("rollback", s.config().rollback());
        node.set("loadBalancers", s.loadBalancers() == null ? object().arrayNode() : s.loadBalancers());
        if (s.networkConfiguration() != null) {
            node.set("networkConfiguration", s.networkConfiguration());
        }
        ArrayNode deployments = node.putArray("deployments");
        s.deployments().forEach(d -> deployments.add(deployment(s, d, tasks)));
        ArrayNode events = node.putArray("events");
        s.events().forEach(e -> events.addObject().put("id", e.id()).put("createdAt", seconds(e.createdAt()))
                .put("message", e.message()));
        node.putObject("deploymentController").put("type", "ECS");
        if (withTags) {
            node.set("tags", JsonTags.toList(s.tags(), "key", "value"));
        }
        return node;
    }

    private ObjectNode deployment(EcsServiceState s, Deployment d, List<EcsTask> tasks) {
        List<EcsTask> mine = tasks.stream().filter(t -> t.deploymentId().equals(d.id())).toList();
        long live = mine.stream().filter(EcsTask::wanted).count();
        return object().put("id", d.id()).put("status", d.status()).put("taskDefinition", d.taskDefinitionArn())
                .put("desiredCount", d.status().equals("PRIMARY") ? s.desiredCount() : live)
                .put("pendingCount", mine.stream().filter(EcsTask::pending).count())
                .put("runningCount", mine.stream().filter(EcsTask::running).count())
                .put("failedTasks", d.failedTasks()).put("createdAt", seconds(d.createdAt()))
                .put("updatedAt", seconds(d.updatedAt())).put("launchType", "FARGATE")
                .put("rolloutState", d.rolloutState()).put("rolloutStateReason", d.rolloutStateReason());
    }

    ObjectNode task(EcsTask t) {
        TaskDefinition definition = state.taskDefinition(t.taskDefinitionArn());
        String containerName = definition.container().path("name").asText();
        ObjectNode node = object().put("taskArn", t.arn()).put("clusterArn", t.clusterArn())
                .put("taskDefinitionArn", t.taskDefinitionArn()).put("lastStatus", t.lastStatus())
                .put("desiredStatus", t.desiredStatus()).put("launchType", "FARGATE").put("platformVersion", "1.4.0")
                .put("cpu", definition.body().path("cpu").asText("256"))
                .put("memory", definition.body().path("memory").asText("512"))
                .put("availabilityZone", env.world().subnets().get(0).availabilityZone())
                .put("connectivity", "CONNECTED").put("healthStatus", "UNKNOWN").put("createdAt", seconds(t.createdAt()));
        if (t.serviceName() != null) {
            node.put("group", "service:" + t.serviceName()).put("startedBy", t.deploymentId());
        }
        putTime(node, "startedAt", t.startedAt());
        putTime(node, "stoppingAt", t.stoppingAt());
        putTime(node, "stoppedAt", t.stoppedAt());
        if (t.stopCode() != null) {
            node.put("stopCode", t.stopCode()).put("stoppedReason", t.stoppedReason());
        }
        ObjectNode container = node.putArray("containers").addObject()
                .put("containerArn", env.arn("ecs", "container/" + t.id() + "/" + containerName))
                .put("taskArn", t.arn()).put("name", containerName)
                .put("image", definition.container().path("image").asText()).put("lastStatus", t.lastStatus())
                .put("healthStatus", "UNKNOWN");
        if (t.exitCode() != null) {
            container.put("exitCode", t.exitCode());
        }
        int containerPort = definition.container().path("portMappings").path(0).path("containerPort").asInt(t.hostPort());
        container.putArray("networkBindings").addObject().put("bindIP", "127.0.0.1").put("containerPort", containerPort)
                .put("hostPort", t.hostPort()).put("protocol", "tcp");
        container.putArray("networkInterfaces").addObject().put("attachmentId", t.id()).put("privateIpv4Address", "127.0.0.1");
        ObjectNode eni = node.putArray("attachments").addObject().put("id", t.id()).put("type", "ElasticNetworkInterface")
                .put("status", t.stopped() ? "DELETED" : "ATTACHED");
        eni.putArray("details").add(object().put("name", "subnetId").put("value", env.world().subnets().get(0).id()))
                .add(object().put("name", "privateIPv4Address").put("value", "127.0.0.1"));
        node.putObject("overrides").putArray("containerOverrides");
        return node;
    }

    private static void putTime(ObjectNode node, String field, Instant time) {
        if (time != null) {
            node.put(field, seconds(time));
        }
    }

    static double seconds(Instant time) {
        return time.toEpochMilli() / 1000.0;
    }

    static ObjectNode object() {
        return JsonProtocol.MAPPER.createObjectNode();
    }
}
