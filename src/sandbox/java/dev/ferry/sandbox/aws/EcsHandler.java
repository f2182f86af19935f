package dev.ferry.sandbox.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** ECS: clusters, task definitions and tags here; services and tasks in {@link EcsServices}. */
final class EcsHandler implements JsonProtocol.Operations {
    private final Env env;
    private final EcsState state;
    private final EcsJson json;
    private final EcsServices services;

    EcsHandler(Env env, EcsState state, TaskRunner runner) {
        this.env = env;
        this.state = state;
        this.json = new EcsJson(env, state);
        this.services = new EcsServices(env, state, runner, json);
    }

    @Override
    public JsonNode call(String operation, JsonNode in) {
        synchronized (state) {
            return switch (operation) {
                case "CreateCluster" -> EcsJson.object().set("cluster", json.cluster(createCluster(in), true));
                case "DescribeClusters" -> describeClusters(in);
                case "DeleteCluster" -> EcsJson.object().set("cluster", json.cluster(deleteCluster(in), false));
                case "ListClusters" -> list("clusterArns", state.clusters().stream()
                        .filter(c -> c.status().equals("ACTIVE")).map(EcsCluster::arn).toList());
                case "RegisterTaskDefinition" -> taskDefinitionReply(register(in));
                case "DescribeTaskDefinition" -> taskDefinitionReply(state.taskDefinition(
                        JsonTags.required(in, "taskDefinition")));
                case "DeregisterTaskDefinition" -> taskDefinitionReply(deregister(JsonTags.required(in, "taskDefinition")));
                case "ListTaskDefinitions" -> listTaskDefinitions(in);
                case "DeleteTaskDefinitions" -> deleteTaskDefinitions(in);
                case "TagResource" -> tag(JsonTags.required(in, "resourceArn"), JsonTags.fromList(in.get("tags"), "key", "value"));
                case "ListTagsForResource" -> EcsJson.object().set("tags", JsonTags.toList(
                        tagsOf(JsonTags.required(in, "resourceArn")), "key", "value"));
                default -> services.call(operation, in);
            };
        }
    }

    private EcsCluster createCluster(JsonNode in) {
        String name = in.path("clusterName").asText("default");
        return state.findCluster(name).filter(c -> c.status().equals("ACTIVE")).orElseGet(() -> {
            EcsCluster cluster = new EcsCluster(name, env.arn("ecs", "cluster/" + name), "ACTIVE",
                    JsonTags.fromList(in.get("tags"), "key", "value"));
            state.put(cluster);
            return cluster;
        });
    }

    private JsonNode describeClusters(JsonNode in) {
        ObjectNode out = EcsJson.object();
        ArrayNode found = out.putArray("clusters");
        ArrayNode failures = out.putArray("failures");
        boolean tags = in.path("include").toString().contains("TAGS");
        List<String> names = in.has("clusters") ? textList(in.get("clusters")) : List.of("default");
        for (String name : names) {
            state.findCluster(name).ifPresentOrElse(c -> found.add(json.cluster(c, tags)), () -> failures.addObject()
                    .put("arn", name.startsWith("arn:") ? name : env.arn("ecs", "cluster/" + name)).put("reason", "MISSING"));
        }
        return out;
    }

    private EcsCluster deleteCluster(JsonNode in) {
        EcsCluster cluster = state.cluster(JsonTags.required(in, "cluster"));
        if (state.services().stream().anyMatch(s -> s.clusterArn().equals(cluster.arn()) && !s.status().equals("INACTIVE"))) {
            throw AwsException.badRequest("ClusterContainsServicesException",
                    "The Cluster cannot be deleted while Services are active.");
        }
        if (state.tasks().stream().anyMatch(t -> t.clusterArn().equals(cluster.arn()) && !t.stopped())) {
            throw AwsException.badRequest("ClusterContainsTasksException", "The Cluster cannot be deleted while Tasks are active.");
        }
        EcsCluster inactive = new EcsCluster(cluster.name(), cluster.arn(), "INACTIVE", cluster.tags());
        state.put(inactive);
        return inactive;
    }

    private TaskDefinition register(JsonNode in) {
        String family = JsonTags.required(in, "family");
        if (!in.path("containerDefinitions").isArray() || in.path("containerDefinitions").isEmpty()) {
            throw AwsException.badRequest("ClientException", "Container list cannot be empty.");
        }
        ObjectNode body = in.deepCopy();
        body.remove("tags");
        int revision = state.nextRevision(family);
        TaskDefinition definition = new TaskDefinition(family, revision,
                env.arn("ecs", "task-definition/" + family + ":" + revision), "ACTIVE", body, Instant.now(),
                JsonTags.fromList(in.get("tags"), "key", "value"));
        state.put(definition);
        return definition;
    }

    private TaskDefinition deregister(String reference) {
        TaskDefinition definition = state.taskDefinition(reference).withStatus("INACTIVE");
        state.put(definition);
        return definition;
    }

    /** Only INACTIVE revisions can be deleted; each one that is not comes back as a failure, as ECS answers. */
    private JsonNode deleteTaskDefinitions(JsonNode in) {
        ObjectNode out = EcsJson.object();
        var deleted = out.putArray("taskDefinitions");
        var failures = out.putArray("failures");
        for (JsonNode reference : in.path("taskDefinitions")) {
            TaskDefinition definition = state.taskDefinition(reference.asText());
            if (!definition.status().equals("INACTIVE")) {
                failures.addObject().put("arn", definition.arn()).put("reason", "TASK_DEFINITION_NOT_INACTIVE")
                        .put("detail", "The specified task definition is ACTIVE; deregister it first.");
                continue;
            }
            state.remove(definition);
            deleted.add(json.taskDefinition(definition.withStatus("DELETE_IN_PROGRESS")));
        }
        return out;
    }

    private JsonNode taskDefinitionReply(TaskDefinition definition) {
        ObjectNode out = EcsJson.object();
        out.set("taskDefinition", json.taskDefinition(definition));
        out.set("tags", JsonTags.toList(definition.tags(), "key", "value"));
        return out;
    }

    private JsonNode listTaskDefinitions(JsonNode in) {
        String prefix = in.path("familyPrefix").asText("");
        String status = in.path("status").asText("ACTIVE");
        Comparator<TaskDefinition> order = Comparator.comparing(TaskDefinition::family)
                .thenComparingInt(TaskDefinition::revision);
        return list("taskDefinitionArns", state.taskDefinitions().stream()
                .filter(t -> t.family().startsWith(prefix) && (status.equals("ALL") || t.status().equals(status)))
                .sorted(in.path("sort").asText("ASC").equals("DESC") ? order.reversed() : order)
                .map(TaskDefinition::arn).toList());
    }

    private JsonNode tag(String arn, Map<String, String> tags) {
        Map<String, String> merged = new LinkedHashMap<>(tagsOf(arn));
        merged.putAll(tags);
        if (arn.contains(":cluster/")) {
            EcsCluster c = state.cluster(arn);
            state.put(new EcsCluster(c.name(), c.arn(), c.status(), merged));
        } else if (arn.contains(":task-definition/")) {
            state.put(state.taskDefinition(arn).withTags(merged));
        } else {
            state.put(services.serviceByArn(arn).withTags(merged));
        }
        return EcsJson.object();
    }

    private Map<String, String> tagsOf(String arn) {
        if (arn.contains(":cluster/")) {
            return state.cluster(arn).tags();
        }
        if (arn.contains(":task-definition/")) {
            return state.taskDefinition(arn).tags();
        }
        if (arn.contains(":service/")) {
            return services.serviceByArn(arn).tags();
        }
        throw AwsException.badRequest("InvalidParameterException", "The ARN provided is invalid: " + arn);
    }

    static List<String> textList(JsonNode array) {
        return array == null ? List.of() : java.util.stream.StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText).toList();
    }

    static JsonNode list(String field, List<String> values) {
        ObjectNode out = EcsJson.object();
        ArrayNode array = out.putArray(field);
        values.forEach(array::add);
        return out;
    }
}
