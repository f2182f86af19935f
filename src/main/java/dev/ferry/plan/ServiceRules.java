package dev.ferry.plan;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Rules that tie compose services, their roles and their Fargate services together. */
final class ServiceRules {
    /** The steps that move the compose services of a role off the host; the last one stops them there. */
    static final Map<ServiceRole, List<String>> MOVED_BY = Map.of(
            ServiceRole.DATABASE, List.of(StepIds.MOVE_DATABASE),
            ServiceRole.CACHE, List.of(StepIds.REPOINT_REDIS),
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
        onlyOne(ServiceRole.SCHEDULER, "two schedulers enqueue every job twice");
        if (MOVED_BY.get(ServiceRole.SERVER).stream().anyMatch(id -> plan.step(id).isPresent())) {
            onlyOne(ServiceRole.SERVER, "ferry moves one server behind the load balancer");
        }
        for (ServiceRole role : List.of(ServiceRole.DATABASE, ServiceRole.CACHE, ServiceRole.SCHEDULER,
                ServiceRole.SERVER)) {
            MOVED_BY.get(role).stream().filter(id -> plan.step(id).isPresent()).findFirst()
                    .ifPresent(id -> roleNeeded(id, role));
        }
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
                ctx.about(Subject.ecsService(service.name()),
                        () -> new EcsServiceRules(ctx, plan, path(service)).check(service, role.get()));
            }
        }
    }

    /** Two schedulers enqueue every job twice; two servers cannot both sit behind the one target group. */
    private void onlyOne(ServiceRole role, String why) {
        List<String> services = compose.servicesWith(role);
        for (String extra : services.subList(Math.min(1, services.size()), services.size())) {
            ctx.at("compose.services." + extra).ifPresent(at -> ctx.problem(at, "compose service '" + extra
                    + "' is a second " + role.yamlName() + " (after '" + services.get(0) + "'); exactly one service"
                    + " may have role " + role.yamlName() + ", because " + why));
        }
    }

    /** The step needs exactly one compose service of the role (a second scheduler or server is reported apart). */
    private void roleNeeded(String stepId, ServiceRole role) {
        List<String> services = compose.servicesWith(role);
        boolean tooMany = services.size() > 1 && role != ServiceRole.SCHEDULER && role != ServiceRole.SERVER;
        if ((services.isEmpty() || tooMany) && !compose.services().isEmpty()) {
            ctx.at("compose.services").or(() -> ctx.at("steps." + stepId)).ifPresent(at -> ctx.problem(at,
                    "step '" + stepId + "' needs exactly one compose service with role " + role.yamlName()
                            + ", found " + services.size()));
        }
    }

    private void movedServicesHaveEcs() {
        Set<String> withEcs = new HashSet<>();
        ecs.services().forEach(s -> withEcs.add(s.name()));
        for (Map.Entry<String, ServiceRole> entry : compose.services().entrySet()) {
            if (!entry.getValue().writesToDatabase()) {
                continue;
            }
            List<String> steps = new ArrayList<>(MOVED_BY.get(entry.getValue()));
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
