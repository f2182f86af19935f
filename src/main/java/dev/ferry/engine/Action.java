package dev.ferry.engine;

import java.util.List;

/**
 * A named, idempotent unit of work inside a step. The engine journals its start and end and checkpoints state after
 * it, so a crash resumes at the first unfinished action. {@code body} must look at the world before changing it:
 * running it again after a crash mid-way must not repeat what was already done.
 */
public record Action(String name, String summary, List<Effect> effects, Body body) {

    public Action {
        if (!name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("action names are kebab-case: " + name);
        }
        effects = List.copyOf(effects);
    }

    @FunctionalInterface
    public interface Body {
        void run(ActionContext context) throws Exception;
    }
}
