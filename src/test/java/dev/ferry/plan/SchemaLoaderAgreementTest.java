package dev.ferry.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * plans/schema.json (what editors check) and the loader must not disagree. Every {@code pattern} in the schema has
 * probes: values both accept, values both refuse, and values only the loader refuses (rules a pattern cannot say,
 * such as reserved words). Each probe is written into plans/redash.yaml; the schema judges the whole document, the
 * loader is judged by the problems it reports on the probe's line.
 */
class SchemaLoaderAgreementTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCHEMA = Path.of("plans/schema.json");
    private static final String ROLE = "arn:aws:iam::123456789012:role/";
    private static final String LISTENER = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/web/";
    private static final String HEX16 = "0123456789abcdef";

    /** Writes {@code value} into the plan and returns the path of the node it is reported at. */
    interface Placement {
        List<Object> place(Map<String, Object> plan, String value);
    }

    /** A key of the map at a path, rather than a value. */
    record Key(String name) {
    }

    record Probe(String pointer, Placement placement, List<String> accepted, List<String> refused,
                 List<String> loaderOnly) {
        @Override
        public String toString() {
            return pointer;
        }
    }

    static final List<Probe> PROBES = List.of(
            probe("/properties/name", at("name"), List.of("redash-2", "a1"),
                    List.of("Redash", "redash_prod", "a--b", "x".repeat(41))),
            probe("/properties/compose/properties/directory", at("compose", "directory"), List.of("/srv/redash"),
                    List.of("srv/redash")),
            probe("/properties/compose/properties/envFile", at("compose", "envFile"), List.of("/srv/redash/env"),
                    List.of("env")),
            probe("/properties/compose/properties/databaseUrlKey", at("compose", "databaseUrlKey"), List.of("DB_URL"),
                    List.of("database-url", "1URL")),
            probe("/properties/compose/properties/redisUrlKey", at("compose", "redisUrlKey"), List.of("_REDIS"),
                    List.of("REDIS URL")),
            probe("/properties/target/properties/network/properties/vpcId", at("target", "network", "vpcId"),
                    List.of("vpc-0123abcd", "vpc-0123456789abcdef0"),
                    List.of("vpc-123", "vpc-0123ABCD", "subnet-0123abcd", "vpc-0123456789abcdef")),
            probe("/properties/target/properties/network/properties/subnetIds/items",
                    at("target", "network", "subnetIds", 1), List.of("subnet-0123abcd"),
                    List.of("subnet-xyz", "sg-0123abcd", "subnet-0123456789abcdef0")),
            probe("/properties/target/properties/network/properties/hostSecurityGroupId",
                    at("target", "network", "hostSecurityGroupId"), List.of("sg-0123abcd"),
                    List.of("sg-12", "vpc-0123abcd")),
            probe("/properties/target/properties/database/properties/identifier",
                    at("target", "database", "identifier"), List.of("redash-2"),
                    List.of("Redash", "2redash", "redash--prod", "redash-", "a".repeat(64))),
            probe("/properties/target/properties/database/properties/engineVersion",
                    at("target", "database", "engineVersion"), List.of("17", "16.4.1"), List.of("16.x", "v16")),
            probe("/properties/target/properties/database/properties/instanceClass",
                    at("target", "database", "instanceClass"), List.of("db.r6g.2xlarge"),
                    List.of("db.t4g", "t4g.medium")),
            new Probe("/properties/target/properties/database/properties/name", at("target", "database", "name"),
                    List.of("redash_db", "Redash"), List.of("redash-db", "1db", "a".repeat(64)),
                    List.of("user", "template1")),
            new Probe("/properties/target/properties/database/properties/username",
                    at("target", "database", "username"), List.of("redash_admin", "postgres"),
                    List.of("pg_app", "1app", "app-user", "a".repeat(64)), List.of("admin", "select")),
            probe("/properties/target/properties/cache/properties/clusterId", at("target", "cache", "clusterId"),
                    List.of("redash-cache"), List.of("Redash", "redash--c", "redash-", "a".repeat(51))),
            probe("/properties/target/properties/cache/properties/nodeType", at("target", "cache", "nodeType"),
                    List.of("cache.r7g.large"), List.of("cache.t4g", "t4g.small")),
            probe("/properties/target/properties/parameters/properties/prefix",
                    at("target", "parameters", "prefix"), List.of("/ferry/redash-prod.v2", "/a/b/c/d/e/f/g/h/i/j/k/l/m/n"),
                    List.of("ferry/x", "/ferry/", "/aws/x", "/SSM/x", "/awsome/x", "/ferry//x", "/a b",
                            "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o")),
            probe("/properties/target/properties/parameters/properties/carry/items",
                    at("target", "parameters", "carry", 1), List.of("MAIL_KEY"), List.of("MAIL KEY", "1KEY")),
            probe("/properties/target/properties/ecs/properties/cluster", at("target", "ecs", "cluster"),
                    List.of("redash_prod-1"), List.of("redash prod", "a".repeat(256))),
            probe("/properties/target/properties/ecs/properties/image", at("target", "ecs", "image"),
                    List.of("registry.example.com:5000/redash/redash:10.1", "redash@sha256:" + HEX16.repeat(4)),
                    List.of("redash/redash: 10", "redash@sha256:abc", "a".repeat(256))),
            roleProbe("executionRoleArn"),
            roleProbe("taskRoleArn"),
            probe("/properties/target/properties/ecs/properties/logGroup", at("target", "ecs", "logGroup"),
                    List.of("/ecs/redash#1", "/aws/ecs/redash"), List.of("aws/ecs", "/ecs/a b", "/ecs/a:b")),
            probe("/properties/target/properties/ecs/properties/services/additionalProperties/properties/env"
                    + "/propertyNames", key("x", "target", "ecs", "services", "server", "env"),
                    List.of("LOG_LEVEL2", "_X"), List.of("LOG-LEVEL", "2FA")),
            probe("/properties/target/properties/ecs/properties/services/additionalProperties/properties/secrets"
                    + "/propertyNames", key("REDASH_SECRET_KEY", "target", "ecs", "services", "server", "secrets"),
                    List.of("APP_SECRET"), List.of("APP-SECRET", "1SECRET")),
            probe("/properties/target/properties/ecs/properties/services/propertyNames", SchemaLoaderAgreementTest::worker,
                    List.of("mail.worker", "mail_worker2"), List.of("mail worker", "-worker", "w".repeat(215))),
            probe("/properties/edge/properties/hostedZoneId", at("edge", "hostedZoneId"), List.of("Z0123ABC"),
                    List.of("/hostedzone/Z0123ABC", "z0123abc", "Z" + "A".repeat(32))),
            probe("/properties/edge/properties/domain", at("edge", "domain"), List.of("app.example.com"),
                    List.of("Redash.example.com", "localhost", "-a.example.com")),
            probe("/properties/edge/properties/temporaryDomain", at("edge", "temporaryDomain"),
                    List.of("new.example.com"), List.of("new_app.example.com")),
            new Probe("/properties/edge/properties/listenerArn", at("edge", "listenerArn"),
                    List.of(LISTENER + HEX16 + "/fedcba9876543210"),
                    List.of("arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/" + HEX16,
                            "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/" + HEX16,
                            LISTENER.replace("/app/", "/net/") + HEX16 + "/" + HEX16, LISTENER + HEX16),
                    List.of(LISTENER.replace("eu-west-1", "eu-west-2") + HEX16 + "/" + HEX16)),
            probe("/properties/edge/properties/healthPath", at("edge", "healthPath"), List.of("/health"),
                    List.of("health")),
            probe("/properties/steps/items/oneOf/0/properties/options/properties/backupDir",
                    at("steps", 0, "options", "backupDir"), List.of("/srv/backups"), List.of("backups")),
            new Probe("/properties/steps/items/oneOf/2/properties/options/properties/replicationSource",
                    at("steps", 2, "options", "replicationSource"), List.of("10.0.1.5:5432", "172.31.0.9:65535"),
                    List.of("db.internal:5432", "10.0.1.5", "10.0.1.256:5432", "10.0.1.5:0", "10.0.1.5:5432;id",
                            "10.0.1.5:$(id)", "10.0.1.5:5432\"", "10.0.01.5:5432"),
                    List.of("10.0.1.5:65536", "10.0.1.5:5432\n", "52.1.2.3:5432", "0.0.0.0:5432")),
            new Probe("/properties/steps/items/oneOf/2/properties/options/properties/workDirectory",
                    at("steps", 2, "options", "workDirectory"), List.of("/tmp", "/var/tmp/ferry-work", "/"),
                    List.of("tmp", "/tmp/a b", "/tmp;id", "/tmp/$(id)", "/tmp\"", "/tmp:/etc", "/tmp\nx"),
                    List.of("/tmp/../etc", "/..")),
            probe("/properties/steps/items/oneOf/9/properties/id", SchemaLoaderAgreementTest::hook,
                    List.of("notify-team"), List.of("Notify", "notify_team")),
            probe("/$defs/envReference", at("source", "port"), List.of("${env:SSH_PORT:-22}"),
                    List.of("${env:1BAD}")),
            new Probe("/$defs/duration", at("steps", 3, "options", "drainTimeout"), List.of("10m", "1h30m"),
                    List.of("ten", "10 m"), List.of("0s")),
            probe("/properties/state/oneOf/1/properties/bucket", state("bucket"),
                    List.of("ferry-state", "team.state-2", "abc"),
                    List.of("ab", "a".repeat(64), "Team-State", "team_state", "-team", "team-", "team..state",
                            "192.168.10.1")),
            new Probe("/properties/state/oneOf/1/properties/key", state("key"),
                    List.of("redash-prod/state.json", "a..b/state.json", "state"),
                    List.of("/redash/state.json", "redash/../state.json", "..", "x".repeat(1025)),
                    List.of("\u00e9".repeat(600))),
            probe("/properties/target/properties/region", at("target", "region"), List.of("us-east-1", "eu-west-2"),
                    List.of("eu-wset-1", "Ireland", "xx-west-1")));

    private static Probe probe(String pointer, Placement placement, List<String> accepted, List<String> refused) {
        return new Probe(pointer, placement, accepted, refused, List.of());
    }

    private static Probe roleProbe(String field) {
        return probe("/properties/target/properties/ecs/properties/" + field, at("target", "ecs", field),
                List.of(ROLE + "service-role/ecsTaskExecutionRole", ROLE + "a+b=c,d.e@f-g"),
                List.of("arn:aws:iam::123456789012:policy/x", "arn:aws:iam:eu-west-1:123456789012:role/x",
                        "arn:aws:iam::1234:role/x", "arn:aws-eu:iam::123456789012:role/x", "exec-role",
                        ROLE + "x".repeat(65)));
    }

    static Stream<Arguments> agreeing() {
        return PROBES.stream().flatMap(p -> Stream.concat(
                p.accepted().stream().map(v -> Arguments.of(p, v, true)),
                p.refused().stream().map(v -> Arguments.of(p, v, false))));
    }

    static Stream<Arguments> loaderOnly() {
        return PROBES.stream().flatMap(p -> p.loaderOnly().stream().map(v -> Arguments.of(p, v)));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("agreeing")
    void schemaAndLoaderAgree(Probe probe, String value, boolean valid) throws IOException {
        Outcome outcome = judge(probe, value);

        assertThat(outcome.schemaAccepts()).as("schema accepts %s", value).isEqualTo(valid);
        assertThat(outcome.loaderAccepts()).as("loader accepts %s", value).isEqualTo(valid);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("loaderOnly")
    void theLoaderRefusesWhatAPatternCannotSay(Probe probe, String value) throws IOException {
        Outcome outcome = judge(probe, value);

        assertThat(outcome.schemaAccepts()).as("schema accepts %s", value).isTrue();
        assertThat(outcome.loaderAccepts()).as("loader accepts %s", value).isFalse();
    }

    @Test
    void everyPatternOfTheSchemaHasProbes() throws IOException {
        Set<String> patterns = new TreeSet<>();
        collectPatterns(JSON.readTree(SCHEMA.toFile()), "", patterns);

        assertThat(patterns).hasSizeGreaterThan(30);
        assertThat(PROBES.stream().map(Probe::pointer).toList()).containsAll(patterns);
        assertThat(PROBES).allSatisfy(p -> assertThat(p.accepted()).as(p.pointer()).isNotEmpty())
                .allSatisfy(p -> assertThat(p.refused()).as(p.pointer()).isNotEmpty());
    }

    @Test
    void theSchemaListsTheRegionsTheLoaderKnows() throws IOException {
        JsonNode region = JSON.readTree(SCHEMA.toFile()).at("/properties/target/properties/region/anyOf/0/enum");

        assertThat(JSON.convertValue(region, List.class)).containsExactlyInAnyOrderElementsOf(AwsRegions.all());
    }

    private record Outcome(boolean schemaAccepts, boolean loaderAccepts) {
    }

    private static Outcome judge(Probe probe, String value) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> plan = JSON.convertValue(new Yaml().load(Files.readString(Path.of("plans/redash.yaml"))),
                Map.class);
        List<Object> path = probe.placement().place(plan, value);
        String text = dump(plan);
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(JSON.readTree(SCHEMA.toFile()));
        boolean schemaAccepts = schema.validate(JSON.valueToTree(plan)).isEmpty();
        int line = locate(new Yaml().compose(new StringReader(text)), path).getStartMark().getLine() + 1;
        List<Problem> problems;
        try {
            new PlanLoader(Map.of()).load(text, Path.of("probe.yaml"));
            problems = List.of();
        } catch (PlanInvalidException e) {
            problems = e.problems();
        }
        return new Outcome(schemaAccepts, problems.stream().noneMatch(p -> p.line() == line));
    }

    private static String dump(Map<String, Object> plan) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(4096);
        options.setSplitLines(false);
        return new Yaml(options).dump(plan);
    }

    private static Placement at(Object... path) {
        return (plan, value) -> {
            set(plan, List.of(path), value);
            return List.of(path);
        };
    }

    /** {@code field} of an s3 state section whose other fields are valid. */
    private static Placement state(String field) {
        return (plan, value) -> {
            Map<String, Object> state = new java.util.LinkedHashMap<>(Map.of("backend", "s3", "bucket", "ferry-state",
                    "key", "redash-prod/state.json"));
            state.put(field, value);
            plan.put("state", state);
            return List.of("state", field);
        };
    }

    /** A new key {@code value} (holding {@code holding}) of the map at {@code path}. */
    private static Placement key(String holding, Object... path) {
        return (plan, value) -> {
            List<Object> keyPath = new ArrayList<>(List.of(path));
            keyPath.add(value);
            set(plan, keyPath, holding);
            keyPath.set(keyPath.size() - 1, new Key(value));
            return keyPath;
        };
    }

    /** A compose worker named {@code value}, moved to a Fargate service of that name. */
    @SuppressWarnings("unchecked")
    private static List<Object> worker(Map<String, Object> plan, String value) {
        ((Map<String, Object>) plan.get("compose")).computeIfPresent("services",
                (k, services) -> put((Map<String, Object>) services, value, "worker"));
        Map<String, Object> services = (Map<String, Object>) get(plan, List.of("target", "ecs", "services"));
        services.put(value, services.get("worker"));
        return List.of("target", "ecs", "services", new Key(value));
    }

    /** A hook step with id {@code value}, before decommission (which must stay last). */
    @SuppressWarnings("unchecked")
    private static List<Object> hook(Map<String, Object> plan, String value) {
        List<Object> steps = (List<Object>) plan.get("steps");
        steps.add(steps.size() - 1, Map.of("id", value, "kind", "hook",
                "actions", List.of(Map.of("name", "say", "apply", "true"))));
        return List.of("steps", steps.size() - 2, "id");
    }

    private static Map<String, Object> put(Map<String, Object> map, String key, Object value) {
        map.put(key, value);
        return map;
    }

    @SuppressWarnings("unchecked")
    private static Object get(Object node, List<Object> path) {
        Object at = node;
        for (Object step : path) {
            at = step instanceof Integer i ? ((List<Object>) at).get(i) : ((Map<String, Object>) at).get(step);
        }
        return at;
    }

    @SuppressWarnings("unchecked")
    private static void set(Map<String, Object> plan, List<Object> path, Object value) {
        Object parent = get(plan, path.subList(0, path.size() - 1));
        Object last = path.get(path.size() - 1);
        if (last instanceof Integer i) {
            ((List<Object>) parent).set(i, value);
        } else {
            ((Map<String, Object>) parent).put((String) last, value);
        }
    }

    private static Node locate(Node root, List<Object> path) {
        Node at = root;
        for (Object step : path) {
            if (step instanceof Integer i) {
                at = ((SequenceNode) at).getValue().get(i);
                continue;
            }
            String name = step instanceof Key k ? k.name() : (String) step;
            NodeTuple tuple = ((MappingNode) at).getValue().stream()
                    .filter(t -> ((ScalarNode) t.getKeyNode()).getValue().equals(name)).findFirst().orElseThrow();
            at = step instanceof Key ? tuple.getKeyNode() : tuple.getValueNode();
        }
        return at;
    }

    private static void collectPatterns(JsonNode node, String pointer, Set<String> into) {
        if (node.has("pattern") && node.get("pattern").isTextual()) {
            into.add(pointer);
        }
        node.fields().forEachRemaining(e -> collectPatterns(e.getValue(),
                pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1"), into));
        for (int i = 0; node.isArray() && i < node.size(); i++) {
            collectPatterns(node.get(i), pointer + "/" + i, into);
        }
    }
}
