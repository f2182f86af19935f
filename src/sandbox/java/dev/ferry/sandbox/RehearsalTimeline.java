package dev.ferry.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.pictures.RunTimeline;
import dev.ferry.pictures.Timeline;
import dev.ferry.state.Json;
import dev.ferry.state.JournalEntry;
import dev.ferry.state.RunState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A rehearsal on one clock for the HTML report: the steps from the journal, the probe, and the stand-in's records
 * (each job once, at its first enqueue and first completion, as {@code RecordsAnalysis} counts them).
 */
final class RehearsalTimeline {
    private RehearsalTimeline() {
    }

    static Timeline of(List<String> order, RunState state, List<JournalEntry> journal, List<Traffic.Sample> samples,
                       Path records, Duration tick, RehearsalReport report) throws IOException {
        Map<String, Instant> enqueued = new LinkedHashMap<>();
        Map<String, Instant> completed = new LinkedHashMap<>();
        Map<String, List<Instant>> ticks = new LinkedHashMap<>();
        if (Files.exists(records)) {
            for (String line : Files.readAllLines(records)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode record = Json.mapper().readTree(line);
                Instant at = Instant.parse(record.path("t").asText());
                switch (record.path("kind").asText()) {
                    case "tick" -> ticks.computeIfAbsent(record.path("identity").asText(), k -> new ArrayList<>()).add(at);
                    case "enqueued" -> enqueued.putIfAbsent(record.path("job").asText(), at);
                    case "completed" -> completed.putIfAbsent(record.path("job").asText(), at);
                    default -> { }
                }
            }
        }
        List<Timeline.ProbeSample> probe = samples.stream().map(s -> new Timeline.ProbeSample(s.at(), s.ok())).toList();
        return new Timeline("ferry demo: the flagship plan rehearsed on this machine", facts(report),
                RunTimeline.lanes(order, state, journal), probe, List.copyOf(enqueued.values()),
                List.copyOf(completed.values()), ticks, tick);
    }

    private static List<String> facts(RehearsalReport r) {
        return List.of(
                String.format(Locale.ROOT, "app downtime: %.1f s (%d of %d requests failed, one every %d ms)",
                        r.downtime().toMillis() / 1000.0, r.failedRequests(), r.requests(), r.sampling().toMillis()),
                "jobs lost: " + r.lostJobs() + " (" + r.enqueued() + " enqueued, " + r.completed() + " completed)",
                String.format(Locale.ROOT, "seconds with two schedulers: %.1f (%d scheduler identities ticked)",
                        r.schedulerOverlap().toMillis() / 1000.0, r.schedulers()),
                "failed requests during cutover: " + r.failedDuringCutover(), r.periodicJobsLine());
    }
}
