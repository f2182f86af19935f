package dev.ferry.sandbox.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** Tags in the JSON services' two shapes: a list of {key, value} objects (ECS, SSM) or a plain map (Logs). */
final class JsonTags {
    private JsonTags() {
    }

    static Map<String, String> fromList(JsonNode list, String keyName, String valueName) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (list != null) {
            list.forEach(t -> tags.put(t.path(keyName).asText(), t.path(valueName).asText("")));
        }
        return tags;
    }

    static ArrayNode toList(Map<String, String> tags, String keyName, String valueName) {
        ArrayNode list = JsonProtocol.MAPPER.createArrayNode();
        tags.forEach((k, v) -> list.addObject().put(keyName, k).put(valueName, v));
        return list;
    }

    static Map<String, String> fromMap(JsonNode map) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (map != null) {
            map.fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        }
        return tags;
    }

    static ObjectNode toMap(Map<String, String> tags) {
        ObjectNode map = JsonProtocol.MAPPER.createObjectNode();
        tags.forEach(map::put);
        return map;
    }

    static String required(JsonNode input, String field) {
        JsonNode value = input.get(field);
        if (value == null || value.isNull() || value.asText().isEmpty()) {
            throw AwsException.validation("1 validation error detected: Value null at '" + field
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value.asText();
    }
}
