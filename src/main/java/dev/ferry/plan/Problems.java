package dev.ferry.plan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects every problem found while loading one plan, so all of them are reported at once. A problem about a
 * {@link Subject} that other subjects repeat at the same place (an anchored node reached through several aliases)
 * is reported once, naming all of them.
 */
final class Problems {
    private static final String MARK = "\u0000";

    private final Path file;
    private final Map<String, Entry> found = new LinkedHashMap<>();

    Problems(Path file) {
        this.file = file;
    }

    void add(Location at, String message) {
        add(at, null, message);
    }

    /** Adds a problem about {@code subject}; one whose message does not name its subject is added as it is. */
    void add(Location at, Subject subject, String message) {
        boolean named = subject != null && message.contains(subject.phrase());
        String kind = named ? subject.kind() : null;
        String template = named ? message.replace(subject.phrase(), MARK) : message;
        Entry entry = found.computeIfAbsent(at + " " + kind + " " + template,
                key -> new Entry(at, kind, template, new ArrayList<>()));
        if (named && !entry.names().contains(subject.name())) {
            entry.names().add(subject.name());
        }
    }

    /** In reading order, so the report walks down the file. */
    List<Problem> sorted() {
        return found.values().stream()
                .map(e -> new Problem(file, e.at().line(), e.at().column(), e.message()))
                .sorted(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column))
                .toList();
    }

    void throwIfAny() {
        if (!found.isEmpty()) {
            throw new PlanInvalidException(file, sorted());
        }
    }

    private record Entry(Location at, String kind, String template, List<String> names) {
        String message() {
            return kind == null ? template : template.replace(MARK, Subject.phrase(kind, names));
        }
    }
}
