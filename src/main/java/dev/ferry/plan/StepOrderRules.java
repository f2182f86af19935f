package dev.ferry.plan;

import dev.ferry.plan.StepCatalog.Ordering;

import java.util.List;

/** Checks the order of the plan's steps against {@link StepCatalog#orderings()}. */
final class StepOrderRules {
    private final LoadContext ctx;

    StepOrderRules(LoadContext ctx) {
        this.ctx = ctx;
    }

    void check(List<StepSpec> steps) {
        List<String> ids = steps.stream().map(StepSpec::id).toList();
        for (Ordering ordering : StepCatalog.orderings()) {
            int before = ids.indexOf(ordering.before());
            int after = ids.indexOf(ordering.after());
            if (after < 0) {
                continue;
            }
            if (before < 0 && ordering.required() && !ctx.isIncomplete("steps")) {
                ctx.problem(at(ordering.after()), "step '" + ordering.after() + "' needs step '" + ordering.before()
                        + "' earlier in the steps, but the plan does not list it: " + ordering.why());
            } else if (before > after) {
                ctx.problem(at(ordering.after()), "step '" + ordering.after() + "' must come after step '"
                        + ordering.before() + "' (line " + at(ordering.before()).line() + "): " + ordering.why());
            }
        }
        checkLast(ids);
    }

    private void checkLast(List<String> ids) {
        String last = StepCatalog.lastStep();
        int index = ids.indexOf(last);
        if (index >= 0 && index < ids.size() - 1) {
            String next = ids.get(index + 1);
            ctx.problem(at(last), "step '" + last + "' must be the last step, but step '" + next + "' (line "
                    + at(next).line() + ") follows it; it is one-way, so nothing can run after it");
        }
    }

    private Location at(String id) {
        return ctx.at("steps." + id).orElse(Location.START);
    }
}
