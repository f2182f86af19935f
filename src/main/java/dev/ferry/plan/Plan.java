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
        List<StepSpec> steps,
        StateLocation state) {

    public Plan {
        steps = List.copyOf(steps);
        state = state == null ? StateLocation.local() : state;
    }

    /** A plan whose state is local. */
    public Plan(String name, SourceHost source, ComposeProject compose, Target target, Edge edge, List<StepSpec> steps) {
        this(name, source, compose, target, edge, steps, StateLocation.local());
    }

    public Optional<StepSpec> step(String id) {
        return steps.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** The role of an ECS service: its compose service's role, else what its shape says. */
    public ServiceRole role(EcsService service) {
        ServiceRole role = compose().services().get(service.name());
        if (role != null) {
            return role;
        }
        if (service.singleton()) {
            return ServiceRole.SCHEDULER;
        }
        return service.port() != null ? ServiceRole.SERVER : ServiceRole.WORKER;
    }
}
