package dev.ferry.steps;

import dev.ferry.step.Reversibility;
import dev.ferry.step.Step;

/** What every built-in step declares about itself, in one place; subclasses supply the actions. */
abstract class BuiltInStep implements Step {
    private final String id;
    private final String title;
    private final Reversibility reversibility;
    private final boolean downtime;

    BuiltInStep(String id, String title, Reversibility reversibility, boolean downtime) {
        this.id = id;
        this.title = title;
        this.reversibility = reversibility;
        this.downtime = downtime;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String title() {
        return title;
    }

    @Override
    public final Reversibility reversibility() {
        return reversibility;
    }

    @Override
    public final boolean downtime() {
        return downtime;
    }
}
