package dev.ferry.step;

import dev.ferry.plan.Plan;
import dev.ferry.plan.StepSpec;

/** What a step needs to describe itself: the plan and its own entry in it. Building actions never does I/O. */
public record StepContext(Plan plan, StepSpec spec) {
}
