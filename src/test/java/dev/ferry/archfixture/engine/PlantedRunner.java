package dev.ferry.archfixture.engine;

import dev.ferry.archfixture.aws.PlantedAdapter;

/** A planted wrong-way import (engine to an adapter), so the dependency test proves it can fail. */
public final class PlantedRunner {
    public int run() {
        return new PlantedAdapter().call();
    }
}
