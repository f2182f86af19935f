package dev.ferry.plan;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Rules that tie compose services, their roles and their Fargate services together. */
final class ServiceRules {
    private static final Map<ServiceRole, List<String>> MOVED_BY = Map.of(
            ServiceRole.WORKER, List.of(StepIds.START_FARGATE_WORKERS),
            ServiceRole.SCHEDULER, List.of(StepIds.HANDOFF_SCHEDULER),
            ServiceRole.SERVER, List.of(StepIds.VERIFY_TEMPORARY_DOMAIN, StepIds.CUTOVER_SERVER));

    private final LoadContext ctx;
    private final Plan plan;
    private final ComposeProject compose;
    private final EcsSpec ecs;

    ServiceRules(LoadContext ctx, Plan plan) {
        this.ctx = ctx;
        this.plan = plan;
        this.compose = plan.compose();
        this.ecs = plan.target() == null ? null : plan.target().ecs();
    }

    void check() {
        oneScheduler();
        roleNeeded(StepIds.MOVE_DATABASE, ServiceRole.DATABASE);
        roleNeeded(StepIds.REPOINT_REDIS, ServiceRole.CACHE);
        if (ecs == null) {
            return;
        }
        movedServicesHaveEcs();
        for (EcsService service : ecs.services()) {
            Location at = ctx.at(path(service)).orElse(Location.START);
            Optional<ServiceRole> role = Optional.ofNullable(compose.services().get(service.name()));
            if (role.isEmpty()) {
                ctx.problem(at, "ECS service '" + service.name() + "' is not a compose service"
                        + DidYouMean.hint(service.name(), compose.services().keySet()));
            } else if (!role.get().writesToDatabase()) {
                ctx.problem(at, "ECS service '" + service.name() + "' maps compose service of role "
                        + role.get().yamlName() + "; only server, scheduler and worker services move to Fargate");
            } else {
                new EcsServiceRules(ctx, plan, path(service)).check(service, role.get());
            }
        }
    }

    private void oneScheduler() {
        List<String> schedulers = compose.servicesWith(ServiceRole.SCHEDULER);
        for (String extra : schedulers.subList(Math.min(1, schedulers.size()), schedulers.size())) {
            ctx.at("compose.services." + extra).ifPresent(at -> ctx.problem(at, "compose service '" + extra
                    + "' is a second scheduler (after '" + schedulers.get(0) + "'); exactly one service may have"
                    + " role scheduler, because two schedulers enqueue every job twice"));
        }
    }

    private void roleNeeded(String stepId, ServiceRole role) {
        List<String> services = compose.servicesWith(role);
        if (plan.step(stepId).isPresent() && services.size() != 1 && !compose.services().isEmpty()) {
            ctx.at("compose.services").or(() -> ctx.at("steps." + stepId)).ifPresent(at -> ctx.problem(at,
                    "step '" + stepId + "' needs exactly one compose service with role " + role.yamlName()
                            + ", found " + services.size()));
        }
    }

    private void movedServicesHaveEcs() {
        Set<String> withEcs = new HashSet<>();
        ecs.services().forEach(s -> withEcs.add(s.name()));
        for (Map.Entry<String, ServiceRole> entry : compose.services().entrySet()) {
            List<String> steps = new ArrayList<>(MOVED_BY.getOrDefault(entry.getValue(), List.of()));
            steps.removeIf(id -> plan.step(id).isEmpty());
            if (!steps.isEmpty() && !withEcs.contains(entry.getKey())) {
                ctx.at("compose.services." + entry.getKey()).ifPresent(at -> ctx.problem(at, "compose service '"
                        + entry.getKey() + "' has role " + entry.getValue().yamlName() + " and step '" + steps.get(0)
                        + "' moves it, but target.ecs.services has no service '" + entry.getKey() + "'"));
            }
        }
    }

    private static String path(EcsService service) {
        return "target.ecs.services." + service.name();
    }
}
