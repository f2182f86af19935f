package dev.ferry.pictures;

import dev.ferry.pictures.Timeline.Mark;
import dev.ferry.pictures.Timeline.Segment;
import dev.ferry.pictures.Timeline.StepLane;
import dev.ferry.state.JournalEntry;
import dev.ferry.state.RunState;
import dev.ferry.state.StepRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The steps' lanes of a run read from its journal (every apply and rollback stretch, each failed action) and, for a
 * step the journal does not mention, from the state's start and end. Messages in both are already redacted.
 */
public final class RunTimeline {
    private final Map<String, List<Segment>> segments = new HashMap<>();
    private final Map<String, List<Mark>> failures = new HashMap<>();
    private final Map<String, Open> open = new LinkedHashMap<>();

    private record Open(String kind, Instant from) {
    }

    private RunTimeline() {
    }

    /** Lanes in {@code order} (the plan's steps), each with its status from {@code state}. */
    public static List<StepLane> lanes(List<String> order, RunState state, List<JournalEntry> journal) {
        RunTimeline t = new RunTimeline();
        journal.stream().sorted(Comparator.comparing(JournalEntry::time)).forEach(t::read);
        Instant last = journal.stream().map(JournalEntry::time).max(Instant::compareTo).orElse(null);
        t.open.keySet().stream().toList().forEach(step -> t.close(step, last, "unfinished"));
        List<StepLane> lanes = new ArrayList<>();
        for (String id : order) {
            StepRecord r = state.step(id).orElse(null);
            List<Segment> own = t.segments.getOrDefault(id, List.of());
            if (own.isEmpty() && r != null && r.startedAt() != null && r.finishedAt() != null) {
                own = List.of(new Segment("apply", r.startedAt(), r.finishedAt(), status(r)));
            }
            lanes.add(new StepLane(id, r == null ? "pending" : status(r), own, t.failures.getOrDefault(id, List.of())));
        }
        return lanes;
    }

    private static String status(StepRecord r) {
        return r.status().name().toLowerCase().replace('_', ' ');
    }

    private void read(JournalEntry e) {
        if (e.event().equals(JournalEntry.RUN_FINISHED)) {
            open.keySet().stream().toList().forEach(step -> close(step, e.time(), "stopped"));
            return;
        }
        if (e.step() == null) {
            return;
        }
        String kind = "rollback".equals(e.phase()) ? "rollback" : "apply";
        switch (e.event()) {
            case JournalEntry.STEP_STARTED -> start(e.step(), kind, e.time(), true);
            case JournalEntry.ACTION_STARTED -> start(e.step(), kind, e.time(), false);
            case JournalEntry.ACTION_FAILED -> {
                failures.computeIfAbsent(e.step(), k -> new ArrayList<>()).add(new Mark(e.time(),
                        kind + " action " + e.action() + (e.message() == null ? "" : ": " + e.message())));
                close(e.step(), e.time(), "failed");
            }
            case JournalEntry.STEP_APPLIED -> close(e.step(), e.time(), "applied");
            case JournalEntry.STEP_ROLLED_BACK -> {
                start(e.step(), "rollback", e.time(), false);
                close(e.step(), e.time(), "rolled back");
            }
            case JournalEntry.STEP_SKIPPED -> {
                start(e.step(), "apply", e.time(), true);
                close(e.step(), e.time(), "skipped");
            }
            default -> { }
        }
    }

    /** Opens a stretch; a new step start, or a change between apply and rollback, ends the one still open. */
    private void start(String step, String kind, Instant at, boolean fresh) {
        Open current = open.get(step);
        if (current != null && (fresh || !current.kind().equals(kind))) {
            close(step, at, "stopped");
            current = null;
        }
        if (current == null) {
            open.put(step, new Open(kind, at));
        }
    }

    private void close(String step, Instant at, String outcome) {
        Open current = open.remove(step);
        if (current != null && at != null) {
            segments.computeIfAbsent(step, k -> new ArrayList<>()).add(new Segment(current.kind(), current.from(), at,
                    outcome));
        }
    }
}
