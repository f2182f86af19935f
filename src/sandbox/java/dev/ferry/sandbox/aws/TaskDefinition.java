package dev.ferry.sandbox.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;

/** A registered task definition revision; {@code body} is what was registered, without the tags. */
record TaskDefinition(String family, int revision, String arn, String status, ObjectNode body, Instant registeredAt,
                      Map<String, String> tags) {

    TaskDefinition withStatus(String newStatus) {
        return new TaskDefinition(family, revision, arn, newStatus, body, registeredAt, tags);
    }

    TaskDefinition withTags(Map<String, String> newTags) {
        return new TaskDefinition(family, revision, arn, status, body, registeredAt, newTags);
    }

    /** The container the sandbox runs: the first essential one (the sandbox runs one process per task). */
    JsonNode container() {
        for (JsonNode c : body.path("containerDefinitions")) {
            if (c.path("essential").asBoolean(true)) {
                return c;
            }
        }
        return body.path("containerDefinitions").path(0);
    }
}
