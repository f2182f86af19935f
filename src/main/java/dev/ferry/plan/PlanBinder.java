package dev.ferry.plan;

import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns the YAML tree into a {@link Plan}, reporting every structural problem (unknown keys, wrong types, missing
 * values). Sections with problems come back null or partial; {@link PlanRules} then checks what did bind.
 */
final class PlanBinder {
    private static final Pattern HOSTNAME =
            Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,63}");
    private static final List<String> ROLES = Arrays.stream(ServiceRole.values()).map(ServiceRole::yamlName).toList();

    private final LoadContext ctx;

    PlanBinder(LoadContext ctx) {
        this.ctx = ctx;
    }

    Plan bind(YamlMap root) {
        String name = root.string("name", true, null);
        if (name != null && !(StepBinder.KEBAB.matcher(name).matches() && name.length() <= 40)) {
            ctx.problem(ctx.at("name").orElseThrow(), "name " + Values.quote(name) + " must be kebab-case"
                    + " (lowercase letters, digits and '-') and at most 40 characters; it prefixes AWS resource names");
        }
        List<StepSpec> steps = new StepBinder(ctx).steps(root);
        SourceHost source = root.map("source", true, "a map with host and user").map(this::source).orElse(null);
        ComposeProject compose = root.map("compose", true, "a map describing the compose project")
                .map(this::compose).orElse(null);
        boolean needsTarget = steps.stream().anyMatch(s -> s.kind() == StepSpec.StepKind.BUILTIN
                && !s.id().equals(StepIds.UPGRADE_LOCAL_POSTGRES) && !s.id().equals(StepIds.DECOMMISSION));
        Target target = root.map("target", needsTarget, "a map describing the AWS side")
                .map(m -> new TargetBinder(ctx).target(m)).orElse(null);
        // provision creates the server's target group and lets the load balancer reach the tasks
        boolean needsEdge = steps.stream().map(StepSpec::id).anyMatch(id -> id.equals(StepIds.PROVISION)
                || id.equals(StepIds.VERIFY_TEMPORARY_DOMAIN) || id.equals(StepIds.CUTOVER_SERVER));
        Edge edge = root.map("edge", needsEdge, "a map describing DNS and the load balancer").map(this::edge)
                .orElse(null);
        StateLocation state = root.map("state", false, "a map with backend (local or s3), bucket, key and region")
                .map(m -> new StateBinder(ctx).state(m, target)).orElse(null);
        root.finish();
        return new Plan(name, source, compose, target, edge, steps, state);
    }

    private SourceHost source(YamlMap map) {
        String host = map.string("host", true, null);
        String user = map.string("user", true, null);
        Integer port = map.integer("port", 22, 1, 65535);
        String identityFile = map.string("identityFile", false, null);
        String knownHosts = map.string("knownHosts", false, "~/.ssh/known_hosts");
        SourceHost.Bastion bastion = map.map("bastion", false, "a map with host and user").map(this::bastion)
                .orElse(null);
        map.finish();
        return new SourceHost(host, user, port == null ? 22 : port, identityFile, knownHosts, bastion);
    }

    private SourceHost.Bastion bastion(YamlMap map) {
        String host = map.string("host", true, null);
        String user = map.string("user", true, null);
        Integer port = map.integer("port", 22, 1, 65535);
        String identityFile = map.string("identityFile", false, null);
        map.finish();
        return new SourceHost.Bastion(host, user, port == null ? 22 : port, identityFile);
    }

    private ComposeProject compose(YamlMap map) {
        String directory = map.string("directory", true, null);
        if (directory != null && !directory.startsWith("/")) {
            ctx.problem(ctx.at("compose.directory").orElseThrow(), "compose.directory must be an absolute path on"
                    + " the host, got " + Values.quote(directory));
        }
        String file = map.string("file", false, "docker-compose.yml");
        String envFile = map.checked("envFile", true, f -> f.startsWith("/") ? Optional.empty()
                : Optional.of("is not an absolute path; ferry edits the env file over SSH, so write its full path on"
                + " the host, like " + (directory == null ? "/opt/app" : directory) + "/" + f));
        Map<String, ServiceRole> services = map.map("services", true, "a map of compose service name to role")
                .map(this::roles).orElse(Map.of());
        String databaseUrlKey = map.named("databaseUrlKey", true, AwsNames.ENV_NAME);
        String redisUrlKey = map.named("redisUrlKey", true, AwsNames.ENV_NAME);
        map.finish();
        return new ComposeProject(directory, file, envFile, services, databaseUrlKey, redisUrlKey);
    }

    private Map<String, ServiceRole> roles(YamlMap map) {
        Map<String, ServiceRole> roles = new LinkedHashMap<>();
        for (Map.Entry<String, NodeTuple> entry : map.entries().entrySet()) {
            Node value = entry.getValue().getValueNode();
            String role = map.values().text(value, map.child(entry.getKey()));
            if (role == null) {
                continue;
            }
            Optional<ServiceRole> known = ServiceRole.fromYaml(role);
            if (known.isEmpty()) {
                ctx.problem(value, "unknown role '" + role + "' for compose service '" + entry.getKey() + "'"
                        + DidYouMean.hint(role, ROLES));
                continue;
            }
            roles.put(entry.getKey(), known.get());
            ctx.located(map.child(entry.getKey()), entry.getValue().getKeyNode());
        }
        if (map.entries().isEmpty()) {
            ctx.problem(map.location(), "compose.services is empty; map each compose service to its role");
        }
        return roles;
    }

    private Edge edge(YamlMap map) {
        String zone = map.checked("hostedZoneId", true, AwsIds::hostedZone);
        String domain = hostname(map, "domain");
        String temporary = hostname(map, "temporaryDomain");
        String listener = map.checked("listenerArn", true, ArnShapes::listener);
        String healthPath = map.string("healthPath", false, "/ping");
        if (healthPath != null && !healthPath.startsWith("/")) {
            ctx.problem(ctx.at("edge.healthPath").orElseThrow(), "edge.healthPath must start with '/', got "
                    + Values.quote(healthPath));
        }
        Integer ttl = map.integer("loweredTtl", 60, 1, 86400);
        map.finish();
        return new Edge(zone, domain, temporary, listener, healthPath, ttl == null ? 60 : ttl);
    }

    private String hostname(YamlMap map, String key) {
        String value = map.string(key, true, null);
        if (value != null && !HOSTNAME.matcher(value).matches()) {
            ctx.problem(ctx.at(map.child(key)).orElseThrow(), map.child(key) + " must be a lowercase DNS name like"
                    + " redash.example.com, got " + Values.quote(value));
            return null;
        }
        return value;
    }
}
