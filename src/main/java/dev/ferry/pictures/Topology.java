package dev.ferry.pictures;

import static dev.ferry.plan.StepIds.CUTOVER_SERVER;
import static dev.ferry.plan.StepIds.DECOMMISSION;
import static dev.ferry.plan.StepIds.HANDOFF_SCHEDULER;
import static dev.ferry.plan.StepIds.MOVE_DATABASE;
import static dev.ferry.plan.StepIds.PROVISION;
import static dev.ferry.plan.StepIds.REPOINT_REDIS;
import static dev.ferry.plan.StepIds.START_FARGATE_WORKERS;
import static dev.ferry.plan.StepIds.UPGRADE_LOCAL_POSTGRES;
import static dev.ferry.plan.StepIds.VERIFY_TEMPORARY_DOMAIN;

import dev.ferry.plan.EcsService;
import dev.ferry.plan.Plan;
import dev.ferry.plan.ServiceRole;
import dev.ferry.plan.StepSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The plan's topology after some of its built-in steps, as a Mermaid flowchart: what runs on the EC2 host (docker
 * compose) and on AWS (RDS, ElastiCache, ECS services, the load balancer), and where the app's database and Redis
 * connections and the Route 53 records point. A pure function of the plan and the steps done.
 */
public final class Topology {
    private static final String HOST_APP = "ec2_app";
    private static final String ECS = "ecs";
    private final Plan plan;
    private final Set<String> done;
    private final List<String> lines = new ArrayList<>();

    private Topology(Plan plan, Set<String> done) {
        this.plan = plan;
        this.done = done;
    }

    /** The Mermaid text (without the fence) of the topology once {@code stepsDone} have been applied. */
    public static String mermaid(Plan plan, Set<String> stepsDone) {
        return new Topology(plan, Set.copyOf(stepsDone)).render();
    }

    /** The step ids that come before {@code stepId} in the plan (all of them when it is absent). */
    public static Set<String> before(Plan plan, String stepId) {
        List<String> ids = plan.steps().stream().map(StepSpec::id).toList();
        int at = ids.indexOf(stepId);
        return Set.copyOf(at < 0 ? ids : ids.subList(0, at));
    }

    private String render() {
        lines.add("flowchart LR");
        hostSide();
        if (done(PROVISION)) {
            awsSide();
        }
        connections();
        lines.add("  classDef stopped stroke-dasharray: 4 4,color:#777");
        return String.join("\n", lines) + "\n";
    }

    private void hostSide() {
        lines.add("  subgraph ec2[" + label("EC2 host, compose " + plan.compose().directory()) + "]");
        List<String> app = new ArrayList<>();
        List<String> others = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, ServiceRole> e : plan.compose().services().entrySet()) {
            String node = composeNode(++i, e.getKey(), e.getValue());
            if (node == null) {
                continue;
            }
            (e.getValue().writesToDatabase() ? app : others).add(node);
        }
        if (!app.isEmpty()) {
            lines.add("    subgraph " + HOST_APP + "[" + label("app containers") + "]");
            app.forEach(n -> lines.add("      " + n));
            lines.add("    end");
        }
        others.forEach(n -> lines.add("    " + n));
        lines.add("  end");
    }

    /** One compose service's node, or null once a step removed it from the compose file. */
    private String composeNode(int index, String name, ServiceRole role) {
        if (done(DECOMMISSION) && role != ServiceRole.KEEP) {
            return null;
        }
        String id = id("c" + index, name);
        return switch (role) {
            case DATABASE -> done(MOVE_DATABASE) ? null : id + "[(" + label(name + databaseVersion()) + ")]";
            case CACHE -> done(REPOINT_REDIS) ? null : id + "[(" + label(name) + ")]";
            case WORKER -> running(id, name, !done(START_FARGATE_WORKERS));
            case SCHEDULER -> running(id, name, !done(HANDOFF_SCHEDULER));
            case SERVER -> running(id, name, !done(CUTOVER_SERVER));
            case KEEP -> id + "[" + label(name + " (kept)") + "]";
        };
    }

    private String databaseVersion() {
        if (!done(UPGRADE_LOCAL_POSTGRES)) {
            return "";
        }
        Object major = plan.step(UPGRADE_LOCAL_POSTGRES).map(s -> s.options().get("targetMajor")).orElse(null);
        return major == null ? " (upgraded)" : " (PostgreSQL " + major + ")";
    }

    private static String running(String id, String name, boolean running) {
        return running ? id + "[" + label(name) + "]" : id + "[" + label(name + " (stopped)") + "]:::stopped";
    }

    private void awsSide() {
        lines.add("  subgraph aws[" + label("AWS " + plan.target().region()) + "]");
        lines.add("    rds[(" + label("RDS " + plan.target().database().identifier() + " (PostgreSQL "
                + plan.target().database().engineVersion() + ")") + ")]");
        lines.add("    cache[(" + label("ElastiCache " + plan.target().cache().clusterId()) + ")]");
        lines.add("    subgraph " + ECS + "[" + label("ECS cluster " + plan.target().ecs().cluster()) + "]");
        int i = 0;
        for (EcsService s : plan.target().ecs().services()) {
            int tasks = tasks(s);
            String node = id("e" + ++i, s.name()) + "[" + label(s.serviceName(plan.name()) + ": " + tasks
                    + (tasks == 1 ? " task" : " tasks")) + "]";
            lines.add("      " + node + (tasks == 0 ? ":::stopped" : ""));
        }
        lines.add("    end");
        if (done(VERIFY_TEMPORARY_DOMAIN)) {
            lines.add("    alb[" + label("ALB (HTTPS listener)") + "]");
        }
        lines.add("  end");
    }

    private int tasks(EcsService s) {
        String step = switch (plan.role(s)) {
            case WORKER -> START_FARGATE_WORKERS;
            case SCHEDULER -> HANDOFF_SCHEDULER;
            case SERVER -> VERIFY_TEMPORARY_DOMAIN;
            default -> null;
        };
        if (step == null || !done(step)) {
            return 0;
        }
        return s.singleton() ? 1 : Math.max(1, s.desiredCount());
    }

    private void connections() {
        boolean hostApp = lines.stream().anyMatch(l -> l.trim().startsWith("subgraph " + HOST_APP + "["));
        boolean ecsApp = done(PROVISION) && plan.target().ecs().services().stream().anyMatch(s -> tasks(s) > 0);
        String database = done(MOVE_DATABASE) ? "rds" : composeId(ServiceRole.DATABASE);
        String redis = done(REPOINT_REDIS) ? "cache" : composeId(ServiceRole.CACHE);
        for (String app : ecsApp ? (hostApp ? List.of(HOST_APP, ECS) : List.of(ECS))
                : hostApp ? List.of(HOST_APP) : List.<String>of()) {
            link(app, "database", database);
            link(app, "redis", redis);
        }
        lines.add("  dns[" + label("Route 53: " + plan.edge().domain()) + "]");
        link("dns", null, done(CUTOVER_SERVER) ? "alb" : "ec2");
        if (done(VERIFY_TEMPORARY_DOMAIN)) {
            lines.add("  dns_temporary[" + label("Route 53: " + plan.edge().temporaryDomain()) + "]");
            link("dns_temporary", null, "alb");
            plan.target().ecs().services().stream().filter(s -> plan.role(s) == ServiceRole.SERVER).findFirst()
                    .ifPresent(s -> link("alb", null, id("e" + (plan.target().ecs().services().indexOf(s) + 1), s.name())));
        }
    }

    private void link(String from, String text, String to) {
        if (to != null) {
            lines.add("  " + from + (text == null ? " --> " : " -->|" + label(text) + "| ") + to);
        }
    }

    /** The node id of the single compose service with {@code role}, or null when there is none or it is gone. */
    private String composeId(ServiceRole role) {
        int i = 0;
        for (Map.Entry<String, ServiceRole> e : plan.compose().services().entrySet()) {
            i++;
            if (e.getValue() == role) {
                return done(DECOMMISSION) ? null : id("c" + i, e.getKey());
            }
        }
        return null;
    }

    private boolean done(String step) {
        return done.contains(step);
    }

    /** A Mermaid node id: a fixed prefix and index (unique, never a keyword) and the name reduced to [A-Za-z0-9_]. */
    static String id(String prefix, String name) {
        return prefix + "_" + name.replaceAll("[^A-Za-z0-9_]", "_");
    }

    /** A quoted Mermaid label: quotes and angle brackets as Mermaid entity codes, so any name stays text. */
    static String label(String text) {
        return "\"" + text.replace("#", "#35;").replace("\"", "#quot;").replace("<", "#lt;").replace(">", "#gt;") + "\"";
    }
}
