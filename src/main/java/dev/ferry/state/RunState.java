package dev.ferry.state;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The recorded history of one plan's migration. {@code lineage} is fixed when the state is created; {@code serial}
 * grows with every write, so a writer that loaded an older serial cannot overwrite newer state.
 */
public record RunState(
        int formatVersion,
        String lineage,
        long serial,
        String planName,
        String planDigest,
        Map<String, StepRecord> steps,
        String pausedAfter,
        Instant updatedAt) {

    public static final int FORMAT_VERSION = 1;

    public RunState {
        steps = new LinkedHashMap<>(steps == null ? Map.of() : steps);
    }

    public static RunState fresh(String planName, String planDigest) {
        return new RunState(FORMAT_VERSION, UUID.randomUUID().toString(), 0, planName, planDigest, Map.of(), null, null);
    }

    public Optional<StepRecord> step(String id) {
        return Optional.ofNullable(steps.get(id));
    }

    public RunState withStep(String id, StepRecord record) {
        Map<String, StepRecord> next = new LinkedHashMap<>(steps);
        next.put(id, record);
        return new RunState(formatVersion, lineage, serial, planName, planDigest, next, pausedAfter, updatedAt);
    }

    public RunState pausedAfter(String stepId) {
        return new RunState(formatVersion, lineage, serial, planName, planDigest, steps, stepId, updatedAt);
    }

    RunState written(long nextSerial, Instant at) {
        return new RunState(formatVersion, lineage, nextSerial, planName, planDigest, steps, pausedAfter, at);
    }

    /** All outputs of all steps, keyed {@code step-id.key}. */
    public Map<String, String> outputs() {
        Map<String, String> all = new LinkedHashMap<>();
        steps.forEach((id, record) -> record.outputs().forEach((k, v) -> all.put(id + "." + k, v)));
        return all;
    }
}
