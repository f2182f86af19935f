package dev.ferry.engine;

import dev.ferry.step.StepContext;
import dev.ferry.step.Step;
import dev.ferry.plan.Plan;
import dev.ferry.plan.StepSpec;

/** A plan entry bound to the step that carries it out. */
public record PlannedStep(StepSpec spec, Step step) {

    public String id() {
        return spec.id();
    }

    public StepContext context(Plan plan) {
        return new StepContext(plan, spec);
    }
}
