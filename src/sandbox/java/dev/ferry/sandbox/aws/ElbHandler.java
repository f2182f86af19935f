package dev.ferry.sandbox.aws;

import dev.ferry.sandbox.local.HttpsProxy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/** ELBv2: the seeded ALB and HTTPS listener, target groups, listener rules, targets and their health, tags. */
final class ElbHandler implements QueryProtocol.Operations, LoadBalancing, AutoCloseable {
    static final String NAMESPACE = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";

    private final Env env;
    private final Map<String, TargetGroup> groups = new LinkedHashMap<>();
    private final Map<String, ListenerRule> rules = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> tags = new LinkedHashMap<>();
    private final TargetHealth health;
    private final AtomicInteger roundRobin = new AtomicInteger();

    ElbHandler(Env env) {
        this.env = env;
        String listener = env.world().listenerArn();
        ListenerRule fallback = new ListenerRule(listener.replace(":listener/", ":listener-rule/") + "/" + Ids.hex(16),
                listener, "default", List.of(), List.of(), null, true);
        rules.put(fallback.arn(), fallback);
        tags.put(env.world().loadBalancerArn(), new LinkedHashMap<>(Map.of("Name", env.world().loadBalancer().name())));
        this.health = new TargetHealth(env, this::groupOrNull, this::inUse);
    }

    @Override
    public synchronized void call(String action, QueryParams p, Xml out) {
        switch (action) {
            case "CreateTargetGroup" -> out.list("TargetGroups", "member", List.of(createTargetGroup(p)), this::writeGroup);
            case "DescribeTargetGroups" -> out.list("TargetGroups", "member", describeTargetGroups(p), this::writeGroup);
            case "DeleteTargetGroup" -> deleteTargetGroup(p.require("TargetGroupArn"));
            case "DescribeLoadBalancers" -> describeLoadBalancers(p, out);
            case "DescribeListeners" -> describeListeners(p, out);
            case "CreateRule" -> out.list("Rules", "member", List.of(createRule(p)), this::writeRule);
            case "DescribeRules" -> out.list("Rules", "member", describeRules(p), this::writeRule);
            case "DeleteRule" -> deleteRule(p.require("RuleArn"));
            case "ModifyRule" -> out.list("Rules", "member", List.of(modifyRule(p)), this::writeRule);
            case "RegisterTargets" -> group(p.require("TargetGroupArn")).arn();
            case "DeregisterTargets" -> group(p.require("TargetGroupArn")).arn();
            case "DescribeTargetHealth" -> describeTargetHealth(p, out);
            case "AddTags" -> p.values("ResourceArns").forEach(arn -> tags.computeIfAbsent(known(arn), k -> new LinkedHashMap<>())
                    .putAll(p.tags("Tags")));
            case "RemoveTags" -> p.values("ResourceArns").forEach(arn -> tags.getOrDefault(known(arn), new LinkedHashMap<>())
                    .keySet().removeAll(p.values("TagKeys")));
            case "DescribeTags" -> out.list("TagDescriptions", "member", p.values("ResourceArns"), (x, arn) -> x
                    .el("ResourceArn", arn).tags("Tags", "member", "Key", "Value", tags.getOrDefault(known(arn), Map.of())));
            default -> throw QueryProtocol.unknownAction(action);
        }
        if (action.equals("RegisterTargets") || action.equals("DeregisterTargets")) {
            for (QueryParams t : p.members("Targets")) {
                int port = t.integer("Port", group(p.require("TargetGroupArn")).port());
                if (action.equals("RegisterTargets")) {
                    register(p.require("TargetGroupArn"), t.require("Id"), port);
                } else {
                    deregister(p.require("TargetGroupArn"), t.require("Id"), port);
                }
            }
        }
    }

    @Override
    public void register(String targetGroupArn, String targetId, int port) {
        health.register(targetGroupArn, targetId, port);
    }

    @Override
    public void deregister(String targetGroupArn, String targetId, int port) {
        health.deregister(targetGroupArn, targetId, port);
    }

    @Override
    public boolean healthy(String targetGroupArn, String targetId, int port) {
        return health.healthy(targetGroupArn, targetId, port);
    }

    @Override
    public synchronized String healthPath(String targetGroupArn) {
        TargetGroup group = groups.get(targetGroupArn);
        return group == null ? "/" : group.healthPath();
    }

    /**
     * Where the listener sends a request for {@code host} and {@code path}: the rules in priority order (the default
     * rule last), then a healthy target of the matching rule's group, round robin; if every target is unhealthy the
     * ALB fails open to all of them, and with none registered (or only initial or draining ones) it answers 503.
     */
    HttpsProxy.Route route(String host, String path) {
        ListenerRule rule;
        synchronized (this) {
            rule = rules.values().stream()
                    .sorted(Comparator.comparing(ListenerRule::isDefault).thenComparing(r -> r.isDefault() ? 0
                            : Integer.parseInt(r.priority())))
                    .filter(r -> r.isDefault() || matches(r.hostHeaders(), host) && matches(r.pathPatterns(), path))
                    .findFirst().orElseThrow();
        }
        if (rule.isDefault()) {
            return HttpsProxy.Route.fixed(404, "not found");
        }
        List<TargetHealth.Target> targets = health.of(rule.targetGroupArn());
        List<TargetHealth.Target> usable = targets.stream().filter(t -> t.state().equals("healthy")).toList();
        if (usable.isEmpty()) {
            usable = targets.stream().filter(t -> t.state().equals("unhealthy")).toList();
        }
        if (usable.isEmpty()) {
            return HttpsProxy.Route.fixed(503, "503 Service Temporarily Unavailable");
        }
        TargetHealth.Target target = usable.get(Math.floorMod(roundRobin.getAndIncrement(), usable.size()));
        return HttpsProxy.Route.to(target.id() + ":" + target.port());
    }

    /** No condition matches everything; otherwise any value, with ELB's {@code *} and {@code ?} wildcards, case-insensitive. */
    private static boolean matches(List<String> values, String actual) {
        if (values.isEmpty()) {
            return true;
        }
        for (String value : values) {
            StringBuilder regex = new StringBuilder();
            for (char c : value.toLowerCase(Locale.ROOT).toCharArray()) {
                regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
            }
            if (Pattern.matches(regex.toString(), actual.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private TargetGroup createTargetGroup(QueryParams p) {
        String name = p.require("Name");
        TargetGroup group = new TargetGroup(env.arn("elasticloadbalancing", "targetgroup/" + name + "/" + Ids.hex(16)),
                name, p.get("Protocol", "HTTP"), p.integer("Port", 80), p.get("VpcId", env.world().vpc().id()),
                p.get("TargetType", "instance"), p.get("HealthCheckPath", "/"), p.integer("HealthCheckIntervalSeconds", 30),
                p.integer("HealthCheckTimeoutSeconds", 5), p.integer("HealthyThresholdCount", 5),
                p.integer("UnhealthyThresholdCount", 2), p.get("Matcher.HttpCode", "200"));
        TargetGroup existing = groups.values().stream().filter(g -> g.name().equals(name)).findFirst().orElse(null);
        if (existing != null) {
            if (!existing.sameSettings(group)) {
                throw AwsException.badRequest("DuplicateTargetGroupName", "A target group with the same name '" + name
                        + "' exists, but with different settings");
            }
            return existing;
        }
        groups.put(group.arn(), group);
        tags.put(group.arn(), new LinkedHashMap<>(p.tags("Tags")));
        return group;
    }

    private List<TargetGroup> describeTargetGroups(QueryParams p) {
        List<String> names = p.values("Names");
        List<String> arns = p.values("TargetGroupArns");
        String lb = p.get("LoadBalancerArn");
        List<TargetGroup> found = groups.values().stream().filter(g -> names.isEmpty() || names.contains(g.name()))
                .filter(g -> arns.isEmpty() || arns.contains(g.arn()))
                .filter(g -> lb == null || (lb.equals(env.world().loadBalancerArn()) && inUse(g.arn()))).toList();
        if (found.size() < Math.max(names.size(), arns.size())) {
            throw AwsException.badRequest("TargetGroupNotFound", "One or more target groups not found");
        }
        return found;
    }

    private void deleteTargetGroup(String arn) {
        if (!groups.containsKey(arn)) {
            return;
        }
        if (inUse(arn)) {
            throw AwsException.badRequest("ResourceInUse", "Target group '" + arn + "' is currently in use by a listener or a rule");
        }
        groups.remove(arn);
        tags.remove(arn);
        health.forget(arn);
    }

    private void writeGroup(Xml x, TargetGroup g) {
        x.el("TargetGroupArn", g.arn()).el("TargetGroupName", g.name()).el("Protocol", g.protocol()).el("Port", g.port())
                .el("VpcId", g.vpcId()).el("HealthCheckProtocol", g.protocol()).el("HealthCheckPort", "traffic-port")
                .el("HealthCheckEnabled", true).el("HealthCheckIntervalSeconds", g.interval())
                .el("HealthCheckTimeoutSeconds", g.timeout()).el("HealthyThresholdCount", g.healthyThreshold())
                .el("UnhealthyThresholdCount", g.unhealthyThreshold()).el("HealthCheckPath", g.healthPath())
                .open("Matcher").el("HttpCode", g.matcher()).close()
                .values("LoadBalancerArns", "member", inUse(g.arn()) ? List.of(env.world().loadBalancerArn()) : List.of())
                .el("TargetType", g.targetType()).el("ProtocolVersion", "HTTP1").el("IpAddressType", "ipv4");
    }

    private void describeLoadBalancers(QueryParams p, Xml out) {
        SandboxWorld.LoadBalancer lb = env.world().loadBalancer();
        String arn = env.world().loadBalancerArn();
        List<String> names = p.values("Names");
        List<String> arns = p.values("LoadBalancerArns");
        if (names.stream().anyMatch(n -> !n.equals(lb.name())) || arns.stream().anyMatch(a -> !a.equals(arn))) {
            throw AwsException.badRequest("LoadBalancerNotFound", "One or more load balancers not found");
        }
        out.list("LoadBalancers", "member", List.of(lb), (x, l) -> x.el("LoadBalancerArn", arn).el("DNSName", l.dnsName())
                .el("CanonicalHostedZoneId", l.canonicalHostedZoneId()).el("LoadBalancerName", l.name())
                .el("Scheme", "internet-facing").el("VpcId", env.world().vpc().id())
                .open("State").el("Code", "active").close().el("Type", "application").el("IpAddressType", "ipv4")
                .list("AvailabilityZones", "member", env.world().subnets(), (z, s) -> z.el("ZoneName", s.availabilityZone())
                        .el("SubnetId", s.id()))
                .values("SecurityGroups", "member", List.of(l.securityGroupId())));
    }

    private void describeListeners(QueryParams p, Xml out) {
        String listener = env.world().listenerArn();
        String lb = p.get("LoadBalancerArn");
        List<String> arns = p.values("ListenerArns");
        if ((lb != null && !lb.equals(env.world().loadBalancerArn()))) {
            throw AwsException.badRequest("LoadBalancerNotFound", "One or more load balancers not found");
        }
        if (arns.stream().anyMatch(a -> !a.equals(listener))) {
            throw AwsException.badRequest("ListenerNotFound", "One or more listeners not found");
        }
        out.list("Listeners", "member", List.of(listener), (x, l) -> x.el("ListenerArn", l)
                .el("LoadBalancerArn", env.world().loadBalancerArn()).el("Port", 443).el("Protocol", "HTTPS")
                .list("Certificates", "member", List.of(env.world().loadBalancer().certificateArn()),
                        (c, cert) -> c.el("CertificateArn", cert))
                .el("SslPolicy", "ELBSecurityPolicy-TLS13-1-2-2021-06")
                .list("DefaultActions", "member", List.of(1), (a, i) -> writeFixed404(a)));
    }

    private ListenerRule createRule(QueryParams p) {
        String listener = p.require("ListenerArn");
        if (!listener.equals(env.world().listenerArn())) {
            throw AwsException.badRequest("ListenerNotFound", "One or more listeners not found");
        }
        String priority = p.require("Priority");
        if (rules.values().stream().anyMatch(r -> r.priority().equals(priority))) {
            throw AwsException.badRequest("PriorityInUse", "Priority '" + priority + "' is currently in use");
        }
        List<String> hosts = conditions(p, "host-header");
        List<String> paths = conditions(p, "path-pattern");
        String target = forwardTarget(p).orElseThrow(() -> AwsException.badRequest("ValidationError",
                "A rule needs an action"));
        ListenerRule rule = new ListenerRule(listener.replace(":listener/", ":listener-rule/") + "/" + Ids.hex(16),
                listener, priority, hosts, paths, target, false);
        rules.put(rule.arn(), rule);
        tags.put(rule.arn(), new LinkedHashMap<>(p.tags("Tags")));
        return rule;
    }

    /** ModifyRule: the conditions and actions given replace the rule's; those not given stay. */
    private ListenerRule modifyRule(QueryParams p) {
        ListenerRule rule = rules.get(p.require("RuleArn"));
        if (rule == null) {
            throw AwsException.badRequest("RuleNotFound", "One or more rules not found");
        }
        if (rule.isDefault() && !p.members("Conditions").isEmpty()) {
            throw AwsException.badRequest("OperationNotPermitted", "The conditions of a default rule cannot be modified");
        }
        boolean newConditions = !p.members("Conditions").isEmpty();
        ListenerRule modified = new ListenerRule(rule.arn(), rule.listenerArn(), rule.priority(),
                newConditions ? conditions(p, "host-header") : rule.hostHeaders(),
                newConditions ? conditions(p, "path-pattern") : rule.pathPatterns(),
                forwardTarget(p).orElse(rule.targetGroupArn()), rule.isDefault());
        rules.put(rule.arn(), modified);
        return modified;
    }

    private static List<String> conditions(QueryParams p, String field) {
        List<String> values = new ArrayList<>();
        for (QueryParams c : p.members("Conditions")) {
            if (field.equals(c.get("Field"))) {
                values.addAll(c.values("Values"));
                values.addAll(c.values("HostHeaderConfig.Values"));
                values.addAll(c.values("PathPatternConfig.Values"));
            }
        }
        return values;
    }

    private java.util.Optional<String> forwardTarget(QueryParams p) {
        return p.members("Actions").stream().findFirst().map(action -> {
            String target = action.get("TargetGroupArn", action.members("ForwardConfig.TargetGroups").stream()
                    .findFirst().map(t -> t.get("TargetGroupArn")).orElse(null));
            return group(target).arn();
        });
    }

    private List<ListenerRule> describeRules(QueryParams p) {
        List<String> arns = p.values("RuleArns");
        arns.stream().filter(a -> !rules.containsKey(a)).findFirst().ifPresent(a -> {
            throw AwsException.badRequest("RuleNotFound", "One or more rules not found");
        });
        String listener = p.get("ListenerArn");
        if (listener != null && !listener.equals(env.world().listenerArn())) {
            throw AwsException.badRequest("ListenerNotFound", "One or more listeners not found");
        }
        return rules.values().stream().filter(r -> arns.isEmpty() || arns.contains(r.arn())).toList();
    }

    private void deleteRule(String arn) {
        ListenerRule rule = rules.get(arn);
        if (rule == null) {
            throw AwsException.badRequest("RuleNotFound", "One or more rules not found");
        }
        if (rule.isDefault()) {
            throw AwsException.badRequest("OperationNotPermitted", "Default rule '" + arn + "' cannot be deleted");
        }
        rules.remove(arn);
        tags.remove(arn);
    }

    private void writeRule(Xml x, ListenerRule r) {
        x.el("RuleArn", r.arn()).el("Priority", r.priority()).open("Conditions");
        if (!r.hostHeaders().isEmpty()) {
            x.open("member").el("Field", "host-header").values("Values", "member", r.hostHeaders())
                    .open("HostHeaderConfig").values("Values", "member", r.hostHeaders()).close().close();
        }
        if (!r.pathPatterns().isEmpty()) {
            x.open("member").el("Field", "path-pattern").values("Values", "member", r.pathPatterns())
                    .open("PathPatternConfig").values("Values", "member", r.pathPatterns()).close().close();
        }
        x.close().open("Actions").open("member");
        if (r.isDefault()) {
            writeFixed404(x);
        } else {
            x.el("Type", "forward").el("TargetGroupArn", r.targetGroupArn()).el("Order", 1).open("ForwardConfig")
                    .list("TargetGroups", "member", List.of(r.targetGroupArn()), (t, arn) -> t.el("TargetGroupArn", arn)
                            .el("Weight", 1)).close();
        }
        x.close().close().el("IsDefault", r.isDefault());
    }

    private static void writeFixed404(Xml x) {
        x.el("Type", "fixed-response").el("Order", 1).open("FixedResponseConfig").el("MessageBody", "not found")
                .el("StatusCode", "404").el("ContentType", "text/plain").close();
    }

    private void describeTargetHealth(QueryParams p, Xml out) {
        TargetGroup group = group(p.require("TargetGroupArn"));
        List<String> only = p.members("Targets").stream().map(t -> t.require("Id") + ":" + t.get("Port", "")).toList();
        List<TargetHealth.Target> found = health.of(group.arn()).stream().filter(t -> only.isEmpty()
                || only.contains(t.id() + ":" + t.port()) || only.contains(t.id() + ":")).toList();
        out.list("TargetHealthDescriptions", "member", found, (x, t) -> x.open("Target").el("Id", t.id()).el("Port", t.port())
                .close().el("HealthCheckPort", String.valueOf(t.port())).open("TargetHealth").el("State", t.state())
                .el("Reason", t.reason()).close());
    }

    private boolean inUse(String groupArn) {
        synchronized (this) {
            return rules.values().stream().anyMatch(r -> groupArn.equals(r.targetGroupArn()));
        }
    }

    private synchronized TargetGroup groupOrNull(String arn) {
        return groups.get(arn);
    }

    private TargetGroup group(String arn) {
        TargetGroup group = arn == null ? null : groups.get(arn);
        if (group == null) {
            throw AwsException.badRequest("TargetGroupNotFound", "One or more target groups not found");
        }
        return group;
    }

    private String known(String arn) {
        if (!tags.containsKey(arn) && !groups.containsKey(arn) && !arn.equals(env.world().listenerArn())) {
            throw AwsException.badRequest(arn.contains(":targetgroup/") ? "TargetGroupNotFound" : "LoadBalancerNotFound",
                    "One or more resources not found: " + arn);
        }
        return arn;
    }

    @Override
    public void close() {
        health.close();
    }
}
