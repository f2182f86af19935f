package dev.ferry.plan;

import java.util.function.Consumer;

/**
 * Rules that span sections of a bound plan. Each rule runs only on the parts that bound without problems, so one
 * mistake is reported once, not again as every rule that depends on it.
 */
final class PlanRules {
    private final LoadContext ctx;

    PlanRules(LoadContext ctx) {
        this.ctx = ctx;
    }

    void check(Plan plan) {
        new StepOrderRules(ctx).check(plan.steps());
        if (plan.compose() != null) {
            new ServiceRules(ctx, plan).check();
        }
        if (plan.target() != null) {
            whenPresent(plan.target().database(), db -> upgradeFitsRds(plan, db));
            whenPresent(plan.target().parameters(), p -> urlKeysNotCarried(plan, p));
        }
        whenPresent(plan.edge(), this::temporaryDomain);
        new ArnRules(ctx).check(plan);
        new ProcedureRules(ctx, plan).check();
    }

    private static <T> void whenPresent(T value, Consumer<T> rule) {
        if (value != null) {
            rule.accept(value);
        }
    }

    private void upgradeFitsRds(Plan plan, DatabaseSpec db) {
        plan.step(StepIds.UPGRADE_LOCAL_POSTGRES).map(s -> s.options().get("targetMajor"))
                .filter(Integer.class::isInstance).map(Integer.class::cast)
                .filter(major -> db.engineVersion() != null && db.engineMajor() < major)
                .ifPresent(major -> ctx.at("target.database.engineVersion").ifPresent(at -> ctx.problem(at,
                        "target.database.engineVersion " + db.engineVersion() + " is older than the local"
                                + " upgrade's targetMajor " + major + "; pg_restore cannot load a dump into an older"
                                + " major, so use engineVersion " + major + " or later")));
    }

    private void urlKeysNotCarried(Plan plan, ParameterSpec parameters) {
        if (plan.compose() == null) {
            return;
        }
        for (String key : new String[] {plan.compose().databaseUrlKey(), plan.compose().redisUrlKey()}) {
            if (key != null && parameters.carry().contains(key)) {
                ctx.at("target.parameters.carry." + key).ifPresent(at -> ctx.problem(at, "carry lists '" + key
                        + "', which ferry writes itself from the new endpoint (it is a compose URL key);"
                        + " remove it from target.parameters.carry"));
            }
        }
    }

    private void temporaryDomain(Edge edge) {
        if (edge.domain() == null || edge.temporaryDomain() == null) {
            return;
        }
        Location at = ctx.at("edge.temporaryDomain").orElse(Location.START);
        String domain = edge.domain();
        String zone = domain.split("\\.").length > 2 ? domain.substring(domain.indexOf('.') + 1) : domain;
        if (edge.temporaryDomain().equals(domain)) {
            ctx.problem(at, "edge.temporaryDomain is the same as edge.domain '" + domain + "'; it must be a"
                    + " different name, tested before real users move");
        } else if (!edge.temporaryDomain().endsWith("." + zone)) {
            ctx.problem(at, "edge.temporaryDomain '" + edge.temporaryDomain() + "' is not in the zone of edge.domain;"
                    + " expected a name ending in '." + zone + "'"
                    + (edge.hostedZoneId() == null ? "" : " (the hosted zone " + edge.hostedZoneId() + ")"));
        }
    }
}
