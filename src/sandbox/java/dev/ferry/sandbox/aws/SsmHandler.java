package dev.ferry.sandbox.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/** SSM Parameter Store: String, StringList and SecureString parameters, paths, tags. */
final class SsmHandler implements JsonProtocol.Operations {
    private final Env env;
    private final Map<String, SsmParameter> parameters = new TreeMap<>();

    SsmHandler(Env env) {
        this.env = env;
    }

    @Override
    public synchronized JsonNode call(String operation, JsonNode in) {
        return switch (operation) {
            case "PutParameter" -> put(in);
            case "GetParameter" -> object().set("Parameter", render(parameter(JsonTags.required(in, "Name")), decrypt(in)));
            case "GetParameters" -> getParameters(in);
            case "GetParametersByPath" -> byPath(in);
            case "DeleteParameter" -> {
                parameters.remove(parameter(JsonTags.required(in, "Name")).name());
                yield object();
            }
            case "DeleteParameters" -> deleteParameters(in);
            case "DescribeParameters" -> describe(in);
            case "AddTagsToResource" -> addTags(in);
            case "ListTagsForResource" -> object().set("TagList", JsonTags.toList(tagged(in).tags(), "Key", "Value"));
            default -> throw JsonProtocol.unknownOperation(operation);
        };
    }

    /** The (decrypted) value of a parameter named by name or ARN, for ECS secrets. */
    synchronized Optional<String> lookup(String nameOrArn) {
        String name = nameOrArn;
        int at = nameOrArn.indexOf(":parameter");
        if (nameOrArn.startsWith("arn:") && at > 0) {
            name = nameOrArn.substring(at + ":parameter".length());
        }
        SsmParameter found = parameters.get(name);
        if (found == null && name.startsWith("/")) {
            found = parameters.get(name.substring(1));
        }
        return Optional.ofNullable(found).map(SsmParameter::value);
    }

    private JsonNode put(JsonNode in) {
        String name = JsonTags.required(in, "Name");
        String value = JsonTags.required(in, "Value");
        boolean overwrite = in.path("Overwrite").asBoolean(false);
        SsmParameter existing = parameters.get(name);
        if (existing != null && !overwrite) {
            throw AwsException.badRequest("ParameterAlreadyExists", "The parameter already exists. To overwrite this "
                    + "value, set the overwrite option in the request to true.");
        }
        if (overwrite && in.has("Tags")) {
            throw AwsException.validation("Invalid request: tags and overwrite can't be used together. To create a "
                    + "parameter with tags, please remove overwrite flag.");
        }
        String type = in.path("Type").asText(existing == null ? "String" : existing.type());
        long version = existing == null ? 1 : existing.version() + 1;
        SsmParameter parameter = new SsmParameter(name, type, value, version, Instant.now(),
                in.path("Description").asText(existing == null ? null : existing.description()),
                in.path("KeyId").asText(type.equals("SecureString") ? "alias/aws/ssm" : null),
                existing == null ? JsonTags.fromList(in.get("Tags"), "Key", "Value") : existing.tags());
        parameters.put(name, parameter);
        return object().put("Version", version).put("Tier", "Standard");
    }

    private JsonNode getParameters(JsonNode in) {
        ArrayNode found = JsonProtocol.MAPPER.createArrayNode();
        ArrayNode invalid = JsonProtocol.MAPPER.createArrayNode();
        in.path("Names").forEach(n -> {
            SsmParameter p = parameters.get(n.asText());
            if (p == null) {
                invalid.add(n.asText());
            } else {
                found.add(render(p, decrypt(in)));
            }
        });
        ObjectNode out = object();
        out.set("Parameters", found);
        out.set("InvalidParameters", invalid);
        return out;
    }

    private JsonNode byPath(JsonNode in) {
        String path = JsonTags.required(in, "Path");
        String prefix = path.endsWith("/") ? path : path + "/";
        boolean recursive = in.path("Recursive").asBoolean(false);
        List<SsmParameter> matching = parameters.values().stream().filter(p -> p.name().startsWith(prefix))
                .filter(p -> recursive || !p.name().substring(prefix.length()).contains("/")).toList();
        return page(in, matching, 10, p -> true, "Parameters", p -> render(p, decrypt(in)));
    }

    private JsonNode describe(JsonNode in) {
        List<Predicate<SsmParameter>> tests = new ArrayList<>();
        in.path("ParameterFilters").forEach(f -> tests.add(filter(f.path("Key").asText(),
                f.path("Option").asText("Equals"), f.path("Values"))));
        in.path("Filters").forEach(f -> tests.add(filter(f.path("Key").asText(), "Equals", f.path("Values"))));
        return page(in, List.copyOf(parameters.values()), 50, p -> tests.stream().allMatch(t -> t.test(p)),
                "Parameters", this::metadata);
    }

    private static Predicate<SsmParameter> filter(String key, String option, JsonNode values) {
        List<String> wanted = new ArrayList<>();
        values.forEach(v -> wanted.add(v.asText()));
        return p -> {
            String actual = switch (key) {
                case "Name" -> p.name();
                case "Type" -> p.type();
                case "KeyId" -> p.keyId();
                case "Path" -> p.name().substring(0, Math.max(0, p.name().lastIndexOf('/')));
                default -> key.startsWith("tag:") ? p.tags().get(key.substring(4)) : null;
            };
            if (key.startsWith("tag:") && wanted.isEmpty()) {
                return actual != null;
            }
            return actual != null && wanted.stream().anyMatch(w -> switch (option) {
                case "BeginsWith" -> actual.startsWith(w);
                case "Contains" -> actual.contains(w);
                case "Recursive" -> p.name().startsWith(w.endsWith("/") ? w : w + "/");
                case "OneLevel" -> actual.equals(w.endsWith("/") ? w.substring(0, w.length() - 1) : w);
                default -> actual.equals(w);
            });
        };
    }

    private JsonNode page(JsonNode in, List<SsmParameter> all, int defaultMax, Predicate<SsmParameter> test, String field,
                          java.util.function.Function<SsmParameter, JsonNode> render) {
        int start = in.has("NextToken") ? Integer.parseInt(in.get("NextToken").asText()) : 0;
        int max = in.path("MaxResults").asInt(defaultMax);
        List<SsmParameter> matching = all.stream().filter(test).toList();
        ArrayNode items = JsonProtocol.MAPPER.createArrayNode();
        matching.stream().skip(start).limit(max).forEach(p -> items.add(render.apply(p)));
        ObjectNode out = object();
        out.set(field, items);
        if (start + max < matching.size()) {
            out.put("NextToken", String.valueOf(start + max));
        }
        return out;
    }

    private JsonNode deleteParameters(JsonNode in) {
        ArrayNode deleted = JsonProtocol.MAPPER.createArrayNode();
        ArrayNode invalid = JsonProtocol.MAPPER.createArrayNode();
        in.path("Names").forEach(n -> (parameters.remove(n.asText()) != null ? deleted : invalid).add(n.asText()));
        ObjectNode out = object();
        out.set("DeletedParameters", deleted);
        out.set("InvalidParameters", invalid);
        return out;
    }

    private JsonNode addTags(JsonNode in) {
        SsmParameter p = tagged(in);
        parameters.put(p.name(), p.withTags(JsonTags.fromList(in.get("Tags"), "Key", "Value")));
        return object();
    }

    /** The tagging API names a missing parameter InvalidResourceId, not ParameterNotFound as the parameter API does. */
    private SsmParameter tagged(JsonNode in) {
        if (!"Parameter".equals(JsonTags.required(in, "ResourceType"))) {
            throw AwsException.badRequest("InvalidResourceType", "The sandbox tags parameters only");
        }
        String id = JsonTags.required(in, "ResourceId");
        SsmParameter p = find(id);
        if (p == null) {
            throw AwsException.badRequest("InvalidResourceId", "The resource ID \"" + id + "\" is not valid. Verify"
                    + " the ID and try again.");
        }
        return p;
    }

    private SsmParameter parameter(String nameOrArn) {
        SsmParameter p = find(nameOrArn);
        if (p == null) {
            throw AwsException.badRequest("ParameterNotFound", "Parameter " + nameOrArn + " not found.");
        }
        return p;
    }

    private SsmParameter find(String nameOrArn) {
        String name = nameOrArn.startsWith("arn:") ? nameOrArn.substring(nameOrArn.indexOf(":parameter") + 10) : nameOrArn;
        SsmParameter p = parameters.get(name);
        if (p == null && nameOrArn.startsWith("arn:") && name.startsWith("/")) {
            p = parameters.get(name.substring(1));
        }
        return p;
    }

    private ObjectNode render(SsmParameter p, boolean decrypt) {
        boolean secret = p.type().equals("SecureString") && !decrypt;
        String value = secret ? Base64.getEncoder().encodeToString(("AQICAHh" + p.name() + "#v" + p.version())
                .getBytes(StandardCharsets.UTF_8)) : p.value();
        return object().put("Name", p.name()).put("Type", p.type()).put("Value", value).put("Version", p.version())
                .put("LastModifiedDate", p.modified().toEpochMilli() / 1000.0).put("ARN", arn(p)).put("DataType", "text");
    }

    private ObjectNode metadata(SsmParameter p) {
        ObjectNode m = object().put("Name", p.name()).put("ARN", arn(p)).put("Type", p.type())
                .put("LastModifiedDate", p.modified().toEpochMilli() / 1000.0).put("Version", p.version())
                .put("Tier", "Standard").put("DataType", "text")
                .put("LastModifiedUser", env.arn("iam", "user/sandbox").replace(":" + env.world().region(), ""));
        if (p.keyId() != null) {
            m.put("KeyId", p.keyId());
        }
        if (p.description() != null) {
            m.put("Description", p.description());
        }
        return m;
    }

    private String arn(SsmParameter p) {
        return env.arn("ssm", "parameter" + (p.name().startsWith("/") ? "" : "/") + p.name());
    }

    private static boolean decrypt(JsonNode in) {
        return in.path("WithDecryption").asBoolean(false);
    }

    private static ObjectNode object() {
        return JsonProtocol.MAPPER.createObjectNode();
    }
}
