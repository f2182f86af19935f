package dev.ferry.pictures;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What happened during a run, on one clock: a lane per step (its apply and rollback stretches and failures), and,
 * when a probe watched the app, each request's result, the jobs enqueued and completed, and each scheduler's ticks.
 */
public record Timeline(String title, List<String> facts, List<StepLane> steps, List<ProbeSample> probe,
                       List<Instant> enqueued, List<Instant> completed, Map<String, List<Instant>> schedulerTicks,
                       Duration tickInterval) {

    public Timeline {
        facts = List.copyOf(facts);
        steps = List.copyOf(steps);
        probe = List.copyOf(probe);
        enqueued = List.copyOf(enqueued);
        completed = List.copyOf(completed);
        schedulerTicks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(schedulerTicks));
    }

    /** A timeline of steps only (no probe, no app records), e.g. from the state and journal. */
    public static Timeline ofSteps(String title, List<String> facts, List<StepLane> steps) {
        return new Timeline(title, facts, steps, List.of(), List.of(), List.of(), Map.of(), Duration.ZERO);
    }

    /** One step's lane: the stretches it was applied or rolled back, and its failures. */
    public record StepLane(String id, String status, List<Segment> segments, List<Mark> failures) {
        public StepLane {
            segments = List.copyOf(segments);
            failures = List.copyOf(failures);
        }
    }

    /** One stretch of a step: {@code kind} apply or rollback, {@code outcome} applied, failed, rolled back, ... */
    public record Segment(String kind, Instant from, Instant to, String outcome) {
        public Duration duration() {
            return Duration.between(from, to);
        }
    }

    /** Something that happened at one moment, e.g. a failed action and its (already redacted) message. */
    public record Mark(Instant at, String text) {
    }

    /** One probe request: when it was sent and whether the app answered. */
    public record ProbeSample(Instant at, boolean ok) {
    }

    /** The first and last moment anything on the timeline happened, or null when nothing did. */
    Instant[] window() {
        List<Instant> all = new ArrayList<>();
        steps.forEach(l -> l.segments().forEach(s -> Stream.of(s.from(), s.to()).forEach(all::add)));
        steps.forEach(l -> l.failures().forEach(m -> all.add(m.at())));
        probe.forEach(p -> all.add(p.at()));
        all.addAll(enqueued);
        all.addAll(completed);
        schedulerTicks.values().forEach(t -> t.forEach(i -> all.add(i.plus(tickInterval))));
        schedulerTicks.values().forEach(all::addAll);
        if (all.isEmpty()) {
            return null;
        }
        return new Instant[] {all.stream().min(Instant::compareTo).orElseThrow(),
                all.stream().max(Instant::compareTo).orElseThrow()};
    }
}
