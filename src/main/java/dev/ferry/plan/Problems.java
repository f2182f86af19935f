package dev.ferry.plan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects every problem found while loading one plan, so all of them are reported at once. */
final class Problems {
    private final Path file;
    private final List<Problem> found = new ArrayList<>();

    Problems(Path file) {
        this.file = file;
    }

    void add(Location at, String message) {
        found.add(new Problem(file, at.line(), at.column(), message));
    }

    /** In reading order, so the report walks down the file. */
    List<Problem> sorted() {
        return found.stream()
                .sorted(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column))
                .distinct()
                .toList();
    }

    void throwIfAny() {
        if (!found.isEmpty()) {
            throw new PlanInvalidException(file, sorted());
        }
    }
}
