package dev.ferry.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** plans/schema.json is what editors validate against: it must accept every example plan and agree with the loader. */
class PlanSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final Path SCHEMA = Path.of("plans/schema.json");

    static Stream<Path> examplePlans() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("plans"))) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examplePlans")
    void everyExamplePlanConformsToTheSchemaAndLoads(Path plan) throws IOException {
        assertThat(schema().validate(yamlAsJson(plan))).isEmpty();
        assertThat(new PlanLoader(Map.of()).load(plan).plan().steps()).isNotEmpty();
    }

    @Test
    void theSchemaIsAValidDraft202012Schema() throws IOException {
        JsonSchema meta = FACTORY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

        assertThat(meta.validate(JSON.readTree(SCHEMA.toFile()))).isEmpty();
        assertThat(meta.validate(JSON.readTree("{\"type\": 5}"))).as("the meta-schema check bites").isNotEmpty();
    }

    @Test
    void theSchemaRejectsWhatTheLoaderRejects() throws IOException {
        Path dir = Path.of("src/test/resources/plans/invalid");
        for (String fixture : List.of("unknown-key-with-suggestion", "unknown-step-id", "unknown-service-role",
                "fargate-cpu", "one-subnet", "bad-region", "invalid-duration", "hook-without-actions",
                "unknown-option-value", "arn-field-not-arn", "name-not-kebab-case", "string-where-integer-expected")) {
            Set<ValidationMessage> errors = schema().validate(yamlAsJson(dir.resolve(fixture + ".yaml")));
            assertThat(errors).as(fixture).isNotEmpty();
        }
    }

    @Test
    void everyPropertyIsDescribedAndEveryObjectIsClosed() throws IOException {
        List<String> undescribed = new ArrayList<>();
        List<String> open = new ArrayList<>();
        walk(JSON.readTree(SCHEMA.toFile()), "#", undescribed, open);

        assertThat(undescribed).isEmpty();
        assertThat(open).isEmpty();
    }

    @Test
    void stepOptionsMatchTheStepCatalog() throws IOException {
        JsonNode variants = JSON.readTree(SCHEMA.toFile()).at("/properties/steps/items/oneOf");
        for (String id : StepIds.ALL) {
            JsonNode options = variant(variants, id).at("/properties/options");
            List<String> names = new ArrayList<>();
            options.get("properties").fieldNames().forEachRemaining(names::add);
            assertThat(names).as(id).containsExactlyElementsOf(
                    StepCatalog.options(id).stream().map(StepCatalog.OptionSpec::name).toList());
            for (StepCatalog.OptionSpec spec : StepCatalog.options(id)) {
                JsonNode property = options.at("/properties/" + spec.name());
                assertThat(schemaDefault(property)).as(id + "." + spec.name()).isEqualTo(spec.defaultValue());
                assertThat(schemaAllowed(property)).as(id + "." + spec.name() + " allowed").isEqualTo(spec.allowed());
                assertThat(schemaType(property)).as(id + "." + spec.name() + " type").isEqualTo(spec.type());
                if (spec.type() == StepCatalog.OptionType.INTEGER && spec.allowed().isEmpty()) {
                    JsonNode integer = property.at("/anyOf/0");
                    assertThat(List.of(integer.path("minimum").asInt(), integer.path("maximum").asInt()))
                            .as(id + "." + spec.name() + " range").containsExactly(spec.min(), spec.max());
                }
                assertThat(options.path("required").toString().contains("\"" + spec.name() + "\""))
                        .as(id + "." + spec.name() + " required").isEqualTo(spec.required());
            }
        }
    }

    private static JsonNode variant(JsonNode variants, String id) {
        for (JsonNode v : variants) {
            if (id.equals(v.at("/properties/id/const").asText(null))) {
                return v;
            }
        }
        throw new AssertionError("schema has no step variant for " + id);
    }

    /** The words (or numbers, as text) an option accepts: {@code enum} on the property or on its integer branch. */
    private static List<String> schemaAllowed(JsonNode property) {
        JsonNode values = property.has("enum") ? property.get("enum") : property.at("/anyOf/0/enum");
        List<String> allowed = new ArrayList<>();
        values.forEach(v -> allowed.add(v.asText()));
        return allowed;
    }

    private static StepCatalog.OptionType schemaType(JsonNode property) {
        if ("#/$defs/duration".equals(property.path("$ref").asText())) {
            return StepCatalog.OptionType.DURATION;
        }
        String type = property.has("anyOf") ? property.at("/anyOf/0/type").asText() : property.path("type").asText();
        return switch (type) {
            case "integer" -> StepCatalog.OptionType.INTEGER;
            case "boolean" -> StepCatalog.OptionType.BOOLEAN;
            case "array" -> StepCatalog.OptionType.STRING_LIST;
            default -> StepCatalog.OptionType.STRING;
        };
    }

    private static Object schemaDefault(JsonNode property) {
        JsonNode d = property.get("default");
        if (d == null) {
            return null;
        }
        if ("#/$defs/duration".equals(property.path("$ref").asText())) {
            return Duration.parse("PT" + d.asText().toUpperCase());
        }
        return JSON.convertValue(d, Object.class);
    }

    private static void walk(JsonNode node, String path, List<String> undescribed, List<String> open) {
        if (node.has("properties")) {
            if (!node.path("additionalProperties").isBoolean()) {
                open.add(path);
            }
            node.get("properties").fields().forEachRemaining(e -> {
                if (!e.getValue().has("description")) {
                    undescribed.add(path + "/" + e.getKey());
                }
            });
        }
        node.fields().forEachRemaining(e -> walk(e.getValue(), path + "/" + e.getKey(), undescribed, open));
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "/" + i, undescribed, open);
            }
        }
    }

    private static JsonSchema schema() throws IOException {
        return FACTORY.getSchema(JSON.readTree(SCHEMA.toFile()));
    }

    /** YAML as an editor's language server sees it: anchors and merge keys resolved, then JSON. */
    private static JsonNode yamlAsJson(Path file) throws IOException {
        Object data = new Yaml().load(Files.readString(file));
        return JSON.valueToTree(data);
    }
}
