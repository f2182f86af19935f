package dev.ferry.pictures;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A scheduler's ticks as stretches of activity (each tick keeps it active until the next is due), and the
 * stretches when two identities were active at once.
 */
final class SchedulerRuns {
    private SchedulerRuns() {
    }

    static List<Instant[]> of(List<Instant> ticks, Duration interval) {
        List<Instant> sorted = ticks.stream().sorted().toList();
        List<Instant[]> runs = new ArrayList<>();
        for (Instant t : sorted) {
            Instant end = t.plus(interval);
            Instant[] last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (last != null && !t.isAfter(last[1])) {
                last[1] = end.isAfter(last[1]) ? end : last[1];
            } else {
                runs.add(new Instant[] {t, end});
            }
        }
        return runs;
    }

    /** Where at least two identities' stretches intersect, merged. */
    static List<Instant[]> overlaps(Map<String, List<Instant>> ticks, Duration interval) {
        List<List<Instant[]>> perIdentity = ticks.values().stream().map(t -> of(t, interval)).toList();
        List<Instant> shared = new ArrayList<>();
        for (int i = 0; i < perIdentity.size(); i++) {
            for (int j = i + 1; j < perIdentity.size(); j++) {
                for (Instant[] a : perIdentity.get(i)) {
                    for (Instant[] b : perIdentity.get(j)) {
                        Instant from = a[0].isAfter(b[0]) ? a[0] : b[0];
                        Instant to = a[1].isBefore(b[1]) ? a[1] : b[1];
                        if (to.isAfter(from)) {
                            shared.add(from);
                            shared.add(to);
                        }
                    }
                }
            }
        }
        List<Instant[]> pairs = new ArrayList<>();
        for (int k = 0; k < shared.size(); k += 2) {
            pairs.add(new Instant[] {shared.get(k), shared.get(k + 1)});
        }
        pairs.sort((p, q) -> p[0].compareTo(q[0]));
        List<Instant[]> merged = new ArrayList<>();
        for (Instant[] p : pairs) {
            Instant[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && !p[0].isAfter(last[1])) {
                last[1] = p[1].isAfter(last[1]) ? p[1] : last[1];
            } else {
                merged.add(p);
            }
        }
        return merged;
    }
}
