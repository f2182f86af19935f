package dev.ferry.sandbox.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** CloudWatch Logs: log groups, retention, tags. */
final class LogsHandler implements JsonProtocol.Operations {
    private final Env env;
    private final Map<String, LogGroup> groups = new TreeMap<>();

    LogsHandler(Env env) {
        this.env = env;
    }

    @Override
    public synchronized JsonNode call(String operation, JsonNode in) {
        switch (operation) {
            case "CreateLogGroup" -> create(JsonTags.required(in, "logGroupName"), JsonTags.fromMap(in.get("tags")));
            case "DescribeLogGroups" -> {
                return describe(in);
            }
            case "PutRetentionPolicy" -> {
                LogGroup g = group(JsonTags.required(in, "logGroupName"));
                groups.put(g.name(), new LogGroup(g.name(), g.creationTime(), in.path("retentionInDays").asInt(), g.tags()));
            }
            case "DeleteRetentionPolicy" -> {
                LogGroup g = group(JsonTags.required(in, "logGroupName"));
                groups.put(g.name(), new LogGroup(g.name(), g.creationTime(), null, g.tags()));
            }
            case "DeleteLogGroup" -> groups.remove(group(JsonTags.required(in, "logGroupName")).name());
            case "TagResource" -> tag(nameOf(JsonTags.required(in, "resourceArn")), JsonTags.fromMap(in.get("tags")));
            case "TagLogGroup" -> tag(JsonTags.required(in, "logGroupName"), JsonTags.fromMap(in.get("tags")));
            case "ListTagsForResource" -> {
                return object().set("tags", JsonTags.toMap(group(nameOf(JsonTags.required(in, "resourceArn"))).tags()));
            }
            case "ListTagsLogGroup" -> {
                return object().set("tags", JsonTags.toMap(group(JsonTags.required(in, "logGroupName")).tags()));
            }
            default -> throw JsonProtocol.unknownOperation(operation);
        }
        return object();
    }

    private void create(String name, Map<String, String> tags) {
        if (groups.containsKey(name)) {
            throw AwsException.badRequest("ResourceAlreadyExistsException", "The specified log group already exists");
        }
        groups.put(name, new LogGroup(name, System.currentTimeMillis(), null, tags));
    }

    private JsonNode describe(JsonNode in) {
        String prefix = in.path("logGroupNamePrefix").asText("");
        ArrayNode list = JsonProtocol.MAPPER.createArrayNode();
        groups.values().stream().filter(g -> g.name().startsWith(prefix)).limit(in.path("limit").asInt(50)).forEach(g -> {
            ObjectNode node = list.addObject().put("logGroupName", g.name()).put("creationTime", g.creationTime())
                    .put("metricFilterCount", 0).put("arn", arn(g.name()) + ":*").put("storedBytes", 0)
                    .put("logGroupClass", "STANDARD").put("logGroupArn", arn(g.name()));
            if (g.retentionInDays() != null) {
                node.put("retentionInDays", g.retentionInDays());
            }
        });
        return object().set("logGroups", list);
    }

    private void tag(String name, Map<String, String> tags) {
        LogGroup g = group(name);
        Map<String, String> merged = new LinkedHashMap<>(g.tags());
        merged.putAll(tags);
        groups.put(name, new LogGroup(name, g.creationTime(), g.retentionInDays(), merged));
    }

    private LogGroup group(String name) {
        LogGroup g = groups.get(name);
        if (g == null) {
            throw AwsException.badRequest("ResourceNotFoundException", "The specified log group does not exist.");
        }
        return g;
    }

    private static String nameOf(String arn) {
        int at = arn.indexOf(":log-group:");
        if (at < 0) {
            throw AwsException.badRequest("InvalidParameterException", "Invalid resource ARN: " + arn);
        }
        String name = arn.substring(at + ":log-group:".length());
        return name.endsWith(":*") ? name.substring(0, name.length() - 2) : name;
    }

    private String arn(String name) {
        return env.arn("logs", "log-group:" + name);
    }

    private static ObjectNode object() {
        return JsonProtocol.MAPPER.createObjectNode();
    }
}
