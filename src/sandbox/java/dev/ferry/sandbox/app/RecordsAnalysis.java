package dev.ferry.sandbox.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.state.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the stand-in app's records say about a rehearsal: how long two schedulers ticked at once (each tick counts as
 * the scheduler being active until its next tick is due), and which enqueued jobs never completed.
 */
public record RecordsAnalysis(Duration schedulerOverlap, int schedulers, int ticks, Set<String> lostJobs,
                              int enqueued, int completed) {

    public static RecordsAnalysis of(Path records, Duration tickInterval) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        if (Files.exists(records)) {
            for (String line : Files.readAllLines(records)) {
                if (!line.isBlank()) {
                    lines.add(Json.mapper().readTree(line));
                }
            }
        }
        return of(lines, tickInterval);
    }

    static RecordsAnalysis of(List<JsonNode> lines, Duration tickInterval) {
        List<Interval> active = new ArrayList<>();
        Set<String> identities = new HashSet<>();
        Set<String> enqueued = new LinkedHashSet<>();
        Set<String> completed = new HashSet<>();
        for (JsonNode line : lines) {
            String kind = line.path("kind").asText();
            Instant at = Instant.parse(line.path("t").asText());
            switch (kind) {
                case "tick" -> {
                    identities.add(line.path("identity").asText());
                    active.add(new Interval(line.path("identity").asText(), at, at.plus(tickInterval)));
                }
                case "enqueued" -> enqueued.add(line.path("job").asText());
                case "completed" -> completed.add(line.path("job").asText());
                default -> { }
            }
        }
        Set<String> lost = new LinkedHashSet<>(enqueued);
        lost.removeAll(completed);
        return new RecordsAnalysis(overlap(active), identities.size(), active.size(), lost, enqueued.size(), completed.size());
    }

    private record Interval(String identity, Instant from, Instant to) {
    }

    /** Total time during which active intervals of two or more different identities intersect. */
    static Duration overlap(List<Interval> intervals) {
        List<Interval> sorted = new ArrayList<>(intervals);
        sorted.sort(Comparator.comparing(Interval::from));
        Duration total = Duration.ZERO;
        for (int i = 0; i < sorted.size(); i++) {
            Interval a = sorted.get(i);
            Instant coveredUntil = a.from();
            for (int j = i + 1; j < sorted.size() && sorted.get(j).from().isBefore(a.to()); j++) {
                Interval b = sorted.get(j);
                if (b.identity().equals(a.identity())) {
                    continue;
                }
                Instant start = max(b.from(), coveredUntil);
                Instant end = min(a.to(), b.to());
                if (end.isAfter(start)) {
                    total = total.plus(Duration.between(start, end));
                    coveredUntil = end;
                }
            }
        }
        return total;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
