package dev.ferry.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What the steps need from each other and from the services: the data moved before decommission, queues, paths. */
final class ProcedureRules {
    private static final String RQ_QUEUE = "rq:queue:";
    private static final String WORK_DIRECTORY = "/[A-Za-z0-9._/-]*";

    private final LoadContext ctx;
    private final Plan plan;

    ProcedureRules(LoadContext ctx, Plan plan) {
        this.ctx = ctx;
        this.plan = plan;
    }

    void check() {
        plan.step(StepIds.UPGRADE_LOCAL_POSTGRES).ifPresent(this::backupDirAbsolute);
        plan.step(StepIds.MOVE_DATABASE).ifPresent(this::replicationSourceShape);
        plan.step(StepIds.MOVE_DATABASE).ifPresent(this::workDirectoryShape);
        if (plan.compose() != null && plan.step(StepIds.DECOMMISSION).isPresent() && !ctx.isIncomplete("steps")) {
            movedBeforeDecommission();
        }
        if (plan.target() != null && plan.target().ecs() != null && plan.compose() != null) {
            plan.step(StepIds.REPOINT_REDIS).ifPresent(this::queuesConsumed);
        }
    }

    private void backupDirAbsolute(StepSpec step) {
        // absent only when the step's options were bad (the loader then fills no defaults); that is reported already
        String dir = String.valueOf(step.options().getOrDefault("backupDir", "/"));
        String path = "steps." + StepIds.UPGRADE_LOCAL_POSTGRES + ".options.backupDir";
        if (!dir.startsWith("/")) {
            ctx.problem(ctx.at(path).orElse(Location.START), "backupDir " + Values.quote(dir) + " of step '"
                    + StepIds.UPGRADE_LOCAL_POSTGRES + "' is not an absolute path; ferry writes the backup over SSH,"
                    + " so write the full path on the host, like /var/backups/ferry");
        }
    }

    /** The address goes into the compose file and into commands on the host: only an address and a port pass. */
    private void replicationSourceShape(StepSpec step) {
        Object value = step.options().get("replicationSource");
        if (value == null) {
            return;
        }
        String path = "steps." + StepIds.MOVE_DATABASE + ".options.replicationSource";
        ReplicationSource.problem(String.valueOf(value)).ifPresent(problem -> ctx.problem(ctx.at(path)
                .orElse(Location.START), "replicationSource " + ReplicationSource.shown(String.valueOf(value))
                + " of step '" + StepIds.MOVE_DATABASE + "' " + problem + "; write the host's private IPv4 address and"
                + " the port RDS connects to, like 10.0.1.5:5432 (upgrade-local-postgres publishes postgres there)"));
    }

    /**
     * The work directory goes into commands on the host and into {@code docker run -v W:W}: an absolute path of
     * letters, digits, {@code . _ -} and slashes, without {@code ..}.
     */
    private void workDirectoryShape(StepSpec step) {
        Object value = step.options().get("workDirectory");
        if (value == null) {
            return;
        }
        String dir = String.valueOf(value);
        if (!dir.matches(WORK_DIRECTORY) || ("/" + dir + "/").contains("/../")) {
            ctx.problem(ctx.at("steps." + StepIds.MOVE_DATABASE + ".options.workDirectory").orElse(Location.START),
                    "workDirectory " + Values.quote(dir) + " of step '" + StepIds.MOVE_DATABASE + "' is not an"
                    + " absolute path of letters, digits, '.', '_', '-' and '/' (without '..'); write a directory on"
                    + " the host, like /tmp or /var/tmp");
        }
    }

    /** Decommission removes every compose service but keep ones, so the steps that move them must come first. */
    private void movedBeforeDecommission() {
        Map<String, List<String>> servicesByStep = new LinkedHashMap<>();
        plan.compose().services().forEach((service, role) -> {
            List<String> movers = ServiceRules.MOVED_BY.getOrDefault(role, List.of());
            if (!movers.isEmpty() && plan.step(movers.get(movers.size() - 1)).isEmpty()) {
                servicesByStep.computeIfAbsent(movers.get(movers.size() - 1), k -> new ArrayList<>()).add(service);
            }
        });
        if (servicesByStep.isEmpty()) {
            return;
        }
        List<String> services = servicesByStep.values().stream().flatMap(List::stream).toList();
        List<String> steps = StepIds.ALL.stream().filter(servicesByStep::containsKey).toList();
        ctx.problem(ctx.at("steps." + StepIds.DECOMMISSION).orElse(Location.START), "step '" + StepIds.DECOMMISSION
                + "' removes " + Subject.phrase("compose service", services) + " from the host, but the plan does not"
                + " move them first; add " + Subject.phrase("step", steps) + " before it");
    }

    /**
     * Every queue repoint-redis waits for must be one a worker consumes (a misspelt name is empty at once, so the
     * real queue would not be drained), and every queue a worker consumes must be waited for; a misspelt name is
     * reported once, as the misspelling.
     */
    private void queuesConsumed(StepSpec step) {
        List<String> listed = step.options().get("queues") instanceof List<?> list
                ? list.stream().map(String::valueOf).toList() : List.of();
        Map<String, List<String>> consumers = consumers();
        if (listed.isEmpty() || consumers.isEmpty()) {
            return;
        }
        String path = "steps." + StepIds.REPOINT_REDIS + ".options.queues";
        Set<String> drained = new LinkedHashSet<>();
        for (int i = 0; i < listed.size(); i++) {
            String queue = bare(listed.get(i));
            Optional<String> meant = DidYouMean.suggest(queue, consumers.keySet());
            drained.add(queue.contains(":") || consumers.containsKey(queue) ? queue : meant.orElse(queue));
            if (!queue.contains(":") && !consumers.containsKey(queue)) {
                ctx.problem(ctx.at(path + "[" + i + "]").orElse(Location.START), "queue '" + queue + "' of step '"
                        + StepIds.REPOINT_REDIS + "' is in no worker's QUEUES, so waiting for it to drain proves"
                        + " nothing" + meant.map(q -> "; did you mean '" + q + "'?").orElse("; remove it"));
            }
        }
        List<String> left = consumers.keySet().stream().filter(q -> !drained.contains(q)).toList();
        if (!left.isEmpty()) {
            List<String> services = left.stream().flatMap(q -> consumers.get(q).stream()).distinct().toList();
            ctx.problem(ctx.at(path).orElse(Location.START), "step '" + StepIds.REPOINT_REDIS + "' does not wait"
                    + " for " + Subject.phrase("queue", left) + " (QUEUES of " + Subject.phrase("ECS service",
                    services) + "); jobs left there would be lost with the local redis, so add "
                    + (left.size() == 1 ? "it" : "them") + " to queues");
        }
    }

    /** Queue name to the worker services whose QUEUES list it, in plan order. */
    private Map<String, List<String>> consumers() {
        Map<String, List<String>> consumers = new LinkedHashMap<>();
        for (EcsService service : plan.target().ecs().services()) {
            String queues = service.env().get("QUEUES");
            if (queues == null || plan.compose().services().get(service.name()) != ServiceRole.WORKER) {
                continue;
            }
            for (String queue : queues.split(",")) {
                if (!queue.isBlank()) {
                    consumers.computeIfAbsent(queue.trim(), k -> new ArrayList<>()).add(service.name());
                }
            }
        }
        return consumers;
    }

    private static String bare(String queue) {
        return queue.startsWith(RQ_QUEUE) ? queue.substring(RQ_QUEUE.length()) : queue;
    }
}
