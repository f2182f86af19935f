package dev.ferry.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.ferry.state.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** The JSON schemas of ferry's outputs, in {@code docs/schemas/}. */
public final class OutputSchemas {
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private OutputSchemas() {
    }

    public static Path file(String name) {
        return Path.of("docs", "schemas", name + ".json");
    }

    /** What is wrong with {@code json} against {@code docs/schemas/<name>.json}; empty when it conforms. */
    public static Set<ValidationMessage> check(String name, String json) throws IOException {
        JsonSchema schema = FACTORY.getSchema(Files.readString(file(name)));
        JsonNode document = Json.mapper().readTree(json);
        return schema.validate(document);
    }
}
