package dev.ferry.plan;

import java.nio.file.Path;

/**
 * A plan that passed every check. {@code digest} is the sha256 (hex) of the plan's canonical JSON: it changes when
 * anything in the resolved plan changes, including values interpolated from the environment.
 */
public record LoadedPlan(Plan plan, Path file, String digest) {
}
