package dev.ferry.plan;

import org.yaml.snakeyaml.nodes.Node;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What binding one plan file shares: the problems found so far, the environment for interpolation, and where each
 * successfully read value sits in the file (so cross-field rules can point at it).
 */
final class LoadContext {
    private final Problems problems;
    private final Interpolation interpolation;
    private final Map<String, Location> locations = new HashMap<>();
    private final Set<String> incomplete = new HashSet<>();
    private Subject subject;

    LoadContext(Problems problems, Interpolation interpolation) {
        this.problems = problems;
        this.interpolation = interpolation;
    }

    void problem(Location at, String message) {
        problems.add(at, subject, message);
    }

    void problem(Node node, String message) {
        problem(Location.of(node.getStartMark()), message);
    }

    /** A problem about {@code about}, reported once with every other subject it is repeated for at {@code at}. */
    void problem(Location at, Subject about, String message) {
        problems.add(at, about == null ? subject : about, message);
    }

    /** Runs {@code work} with problems that name {@code about} attributed to it (see {@link Subject}). */
    void about(Subject about, Runnable work) {
        about(about, () -> {
            work.run();
            return null;
        });
    }

    /** Runs {@code work} with problems that name {@code about} attributed to it (see {@link Subject}). */
    <T> T about(Subject about, Supplier<T> work) {
        Subject outer = subject;
        subject = about;
        try {
            return work.get();
        } finally {
            subject = outer;
        }
    }

    /** Interpolates a scalar; null (and a problem at the scalar) when a variable cannot be resolved. */
    String interpolate(Node node, String text) {
        Interpolation.Result result = interpolation.resolve(text);
        result.errors().forEach(e -> problem(node, e));
        return result.value();
    }

    void located(String path, Node node) {
        locations.put(path, Location.of(node.getStartMark()));
    }

    void located(String path, Location at) {
        locations.put(path, at);
    }

    /** Notes that some entries of a section could not be read, so rules about what is absent must not run. */
    void markIncomplete(String section) {
        incomplete.add(section);
    }

    boolean isIncomplete(String section) {
        return incomplete.contains(section);
    }

    /** Where a value was read from; empty when it was missing or invalid (its problem is already reported). */
    Optional<Location> at(String path) {
        return Optional.ofNullable(locations.get(path));
    }
}
