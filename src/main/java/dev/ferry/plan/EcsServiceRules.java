package dev.ferry.plan;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Rules for one Fargate service: size, count, singleton and where its secrets come from. */
final class EcsServiceRules {
    private final LoadContext ctx;
    private final Plan plan;
    private final String path;

    EcsServiceRules(LoadContext ctx, Plan plan, String path) {
        this.ctx = ctx;
        this.plan = plan;
        this.path = path;
    }

    void check(EcsService service, ServiceRole role) {
        size(service);
        Location at = ctx.at(path).orElse(Location.START);
        if (service.singleton() && service.desiredCount() > 1) {
            ctx.at(path + ".desiredCount").ifPresent(where -> ctx.problem(where, "ECS service '" + service.name()
                    + "' is a singleton but desiredCount is " + service.desiredCount() + "; a singleton runs at most"
                    + " one task, so use desiredCount 0 or 1"));
        }
        List<String> movers = ServiceRules.MOVED_BY.get(role);
        String stopper = movers.get(movers.size() - 1);
        if (service.desiredCount() == 0 && plan.step(stopper).isPresent()) {
            ctx.problem(ctx.at(path + ".desiredCount").orElse(at), "desiredCount of ECS service '" + service.name()
                    + "' is 0, but step '" + stopper + "' stops its compose service on the host and leaves the work"
                    + " to it; use desiredCount 1 or more");
        }
        if (role == ServiceRole.SCHEDULER && !service.singleton()) {
            ctx.problem(ctx.at(path + ".singleton").orElse(at), "ECS service '" + service.name() + "' runs the"
                    + " scheduler but is not a singleton; set singleton: true so two schedulers never run at once");
        }
        if (role == ServiceRole.SERVER && service.port() == null && plan.step(StepIds.VERIFY_TEMPORARY_DOMAIN)
                .isPresent()) {
            ctx.problem(at, "ECS service '" + service.name() + "' runs the server but has no port; the load"
                    + " balancer needs the container port, e.g. port: 5000");
        }
        secrets(service);
    }

    private void size(EcsService service) {
        if (ctx.at(path + ".cpu").isEmpty() || ctx.at(path + ".memory").isEmpty()) {
            return;
        }
        String key = FargateSizes.isCpu(service.cpu()) ? ".memory" : ".cpu";
        FargateSizes.problem(service.cpu(), service.memory()).ifPresent(message ->
                ctx.problem(ctx.at(path + key).orElseThrow(), "ECS service '" + service.name() + "': " + message));
    }

    private void secrets(EcsService service) {
        ComposeProject compose = plan.compose();
        ParameterSpec parameters = plan.target().parameters();
        if (compose == null || parameters == null) {
            return;
        }
        Set<String> stored = new HashSet<>(parameters.carry());
        stored.add(compose.databaseUrlKey());
        stored.add(compose.redisUrlKey());
        stored.remove(null);
        service.secrets().forEach((env, key) -> {
            Location at = ctx.at(path + ".secrets." + env).orElse(Location.START);
            if (service.env().containsKey(env)) {
                ctx.problem(at, "env '" + env + "' of ECS service '" + service.name() + "' is set both under env"
                        + " and under secrets; keep it only under secrets");
            } else if (!stored.contains(key)) {
                ctx.problem(at, "secret '" + env + "' of ECS service '" + service.name() + "' reads SSM key '" + key
                        + "', which ferry does not store" + DidYouMean.hint(key, sorted(stored))
                        + " (compose URL keys and target.parameters.carry)");
            }
        });
    }

    private static List<String> sorted(Set<String> keys) {
        return keys.stream().sorted().toList();
    }
}
