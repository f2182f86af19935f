package dev.ferry.doctor;

import dev.ferry.step.Check;
import java.util.List;
import java.util.function.Supplier;

/**
 * A named check to run: {@code body} looks at the world (read-only) and says how it is. {@code needs} names earlier
 * probes of the same lane that must pass first; when one did not, this one is reported as not checked.
 */
public record Probe(String name, List<String> needs, Supplier<Check> body) {
    public Probe {
        needs = List.copyOf(needs);
    }

    public static Probe of(String name, Supplier<Check> body) {
        return new Probe(name, List.of(), body);
    }

    public Probe after(String... earlier) {
        return new Probe(name, List.of(earlier), body);
    }
}
