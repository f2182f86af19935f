package dev.ferry.plan;

import java.util.List;
import java.util.Optional;

/** A validated migration plan: where the app runs now, where it goes, and the ordered steps that move it. */
public record Plan(
        String name,
        SourceHost source,
        ComposeProject compose,
        Target target,
        Edge edge,
        List<StepSpec> steps) {

    public Plan {
        steps = List.copyOf(steps);
    }

    public Optional<StepSpec> step(String id) {
        return steps.stream().filter(s -> s.id().equals(id)).findFirst();
    }
}
