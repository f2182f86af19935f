package dev.ferry.sandbox.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/** ECS services and tasks: create, describe, update (scale or deploy), delete, list; stop a task. */
final class EcsServices {
    private final Env env;
    private final EcsState state;
    private final TaskRunner runner;
    private final EcsJson json;

    EcsServices(Env env, EcsState state, TaskRunner runner, EcsJson json) {
        this.env = env;
        this.state = state;
        this.runner = runner;
        this.json = json;
    }

    /** Serves one operation; the caller holds the state's monitor. */
    JsonNode call(String operation, JsonNode in) {
        return switch (operation) {
            case "CreateService" -> EcsJson.object().set("service", json.service(create(in), false));
            case "DescribeServices" -> describe(in);
            case "UpdateService" -> EcsJson.object().set("service", json.service(update(in), false));
            case "DeleteService" -> EcsJson.object().set("service", json.service(delete(in), false));
            case "ListServices" -> EcsHandler.list("serviceArns", state.services().stream()
                    .filter(s -> s.clusterArn().equals(state.cluster(in.path("cluster").asText(null)).arn())
                            && !s.status().equals("INACTIVE")).map(EcsServiceState::arn).toList());
            case "ListTasks" -> listTasks(in);
            case "DescribeTasks" -> describeTasks(in);
            case "StopTask" -> EcsJson.object().set("task", json.task(stopTask(in)));
            default -> throw JsonProtocol.unknownOperation(operation);
        };
    }

    EcsServiceState serviceByArn(String arn) {
        String cluster = arn.substring(arn.indexOf(":service/") + 9, arn.lastIndexOf('/'));
        return service(state.cluster(cluster), arn);
    }

    private EcsServiceState create(JsonNode in) {
        EcsCluster cluster = state.cluster(in.path("cluster").asText(null));
        String name = JsonTags.required(in, "serviceName");
        state.findService(cluster.arn(), name).filter(s -> !s.status().equals("INACTIVE")).ifPresent(s -> {
            throw AwsException.badRequest("InvalidParameterException", "Creation of service was not idempotent.");
        });
        TaskDefinition definition = activeDefinition(JsonTags.required(in, "taskDefinition"));
        EcsServiceState.Config config = config(in.path("deploymentConfiguration"), new EcsServiceState.Config(100, 200, false, false));
        JsonNode loadBalancers = in.has("loadBalancers") && !in.get("loadBalancers").isEmpty() ? in.get("loadBalancers") : null;
        Deployment first = Deployment.primary(definition.arn(), "ECS deployment " + "in progress.");
        EcsServiceState service = new EcsServiceState(env.arn("ecs", "service/" + cluster.name() + "/" + name), name,
                cluster.arn(), definition.arn(), in.path("desiredCount").asInt(0), "ACTIVE", config, loadBalancers,
                in.get("networkConfiguration"), List.of(first), List.of(), Instant.now(),
                JsonTags.fromList(in.get("tags"), "key", "value"), null);
        state.put(service);
        return service;
    }

    private static EcsServiceState.Config config(JsonNode node, EcsServiceState.Config current) {
        JsonNode breaker = node.path("deploymentCircuitBreaker");
        return new EcsServiceState.Config(node.path("minimumHealthyPercent").asInt(current.minimumHealthyPercent()),
                node.path("maximumPercent").asInt(current.maximumPercent()),
                breaker.path("enable").asBoolean(current.circuitBreaker()),
                breaker.path("rollback").asBoolean(current.rollback()));
    }

    private TaskDefinition activeDefinition(String reference) {
        TaskDefinition definition;
        try {
            definition = state.taskDefinition(reference);
        } catch (AwsException e) {
            throw AwsException.badRequest("ClientException", "TaskDefinition not found.");
        }
        if (!definition.status().equals("ACTIVE")) {
            throw AwsException.badRequest("ClientException", "TaskDefinition is inactive");
        }
        return definition;
    }

    private JsonNode describe(JsonNode in) {
        EcsCluster cluster = state.cluster(in.path("cluster").asText(null));
        boolean tags = in.path("include").toString().contains("TAGS");
        ObjectNode out = EcsJson.object();
        ArrayNode found = out.putArray("services");
        ArrayNode failures = out.putArray("failures");
        for (String name : EcsHandler.textList(in.get("services"))) {
            state.findService(cluster.arn(), name).ifPresentOrElse(s -> found.add(json.service(s, tags)),
                    () -> failures.addObject().put("arn", name.startsWith("arn:") ? name
                            : env.arn("ecs", "service/" + cluster.name() + "/" + name)).put("reason", "MISSING"));
        }
        return out;
    }

    private EcsServiceState update(JsonNode in) {
        EcsServiceState service = service(state.cluster(in.path("cluster").asText(null)), JsonTags.required(in, "service"));
        if (!service.status().equals("ACTIVE")) {
            throw AwsException.badRequest("ServiceNotActiveException", "Service was not ACTIVE.");
        }
        EcsServiceState updated = service.withConfig(config(in.path("deploymentConfiguration"), service.config()));
        if (in.has("desiredCount")) {
            updated = updated.withDesired(in.get("desiredCount").asInt());
        }
        String definition = in.has("taskDefinition") ? activeDefinition(in.get("taskDefinition").asText()).arn()
                : service.taskDefinitionArn();
        if (!definition.equals(service.primary().taskDefinitionArn()) || in.path("forceNewDeployment").asBoolean(false)) {
            updated = updated.deploying(definition, "ECS deployment in progress.");
        }
        state.put(updated);
        return updated;
    }

    private EcsServiceState delete(JsonNode in) {
        EcsServiceState service = service(state.cluster(in.path("cluster").asText(null)), JsonTags.required(in, "service"));
        if (!service.status().equals("ACTIVE")) {
            throw AwsException.badRequest("ServiceNotActiveException", "Service was not ACTIVE.");
        }
        if (service.desiredCount() > 0 && !in.path("force").asBoolean(false)) {
            throw AwsException.badRequest("InvalidParameterException",
                    "The service cannot be stopped while it is scaled above 0.");
        }
        EcsServiceState draining = service.withDesired(0).withStatus("DRAINING");
        state.put(draining);
        return draining;
    }

    private EcsServiceState service(EcsCluster cluster, String nameOrArn) {
        return state.findService(cluster.arn(), nameOrArn).orElseThrow(() ->
                AwsException.badRequest("ServiceNotFoundException", "Service not found."));
    }

    private JsonNode listTasks(JsonNode in) {
        EcsCluster cluster = state.cluster(in.path("cluster").asText(null));
        String service = in.path("serviceName").asText(null);
        String family = in.path("family").asText(null);
        String desired = in.path("desiredStatus").asText("RUNNING");
        if (service != null) {
            service(cluster, service);
        }
        return EcsHandler.list("taskArns", state.tasks().stream().filter(t -> t.clusterArn().equals(cluster.arn()))
                .filter(t -> service == null || service.equals(t.serviceName()))
                .filter(t -> family == null || t.taskDefinitionArn().contains("/" + family + ":"))
                .filter(t -> t.desiredStatus().equals(desired))
                .map(EcsTask::arn).toList());
    }

    private JsonNode describeTasks(JsonNode in) {
        EcsCluster cluster = state.cluster(in.path("cluster").asText(null));
        ObjectNode out = EcsJson.object();
        ArrayNode found = out.putArray("tasks");
        ArrayNode failures = out.putArray("failures");
        for (String ref : EcsHandler.textList(in.get("tasks"))) {
            EcsTask task = find(cluster, ref);
            if (task == null) {
                failures.addObject().put("arn", ref).put("reason", "MISSING");
            } else {
                found.add(json.task(task));
            }
        }
        return out;
    }

    private EcsTask stopTask(JsonNode in) {
        EcsCluster cluster = state.cluster(in.path("cluster").asText(null));
        EcsTask task = find(cluster, JsonTags.required(in, "task"));
        if (task == null) {
            throw AwsException.badRequest("InvalidParameterException", "The referenced task was not found.");
        }
        runner.stop(task, "UserInitiated", in.path("reason").asText("Task stopped by user"));
        return state.task(task.arn());
    }

    private EcsTask find(EcsCluster cluster, String ref) {
        String id = ref.substring(ref.lastIndexOf('/') + 1);
        return state.tasks().stream().filter(t -> t.clusterArn().equals(cluster.arn()) && t.id().equals(id))
                .findFirst().orElse(null);
    }
}
