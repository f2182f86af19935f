package dev.ferry.archfixture.aws;

import dev.ferry.archfixture.engine.PlantedRunner;

/** An adapter that reaches back into the engine: with {@link PlantedRunner} it closes a planted cycle. */
public final class PlantedAdapter {
    public int call() {
        return 1;
    }

    PlantedRunner back() {
        return new PlantedRunner();
    }
}
