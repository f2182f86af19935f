package dev.ferry.state;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What happened to one step: its status, the digest of the plan input it was applied with, per-action progress for
 * apply and rollback, its outputs (never secrets) and the last error message (already redacted).
 */
public record StepRecord(
        StepStatus status,
        String inputDigest,
        Instant startedAt,
        Instant finishedAt,
        Map<String, ActionRecord> actions,
        Map<String, ActionRecord> rollbackActions,
        Map<String, String> outputs,
        String error) {

    public StepRecord {
        actions = new LinkedHashMap<>(actions == null ? Map.of() : actions);
        rollbackActions = new LinkedHashMap<>(rollbackActions == null ? Map.of() : rollbackActions);
        outputs = new LinkedHashMap<>(outputs == null ? Map.of() : outputs);
    }

    public static StepRecord applying(String inputDigest, Instant at) {
        return new StepRecord(StepStatus.APPLYING, inputDigest, at, null, Map.of(), Map.of(), Map.of(), null);
    }

    public StepRecord withStatus(StepStatus next, Instant at) {
        Instant finished = next == StepStatus.APPLYING || next == StepStatus.ROLLING_BACK ? null : at;
        return new StepRecord(next, inputDigest, startedAt, finished, actions, rollbackActions, outputs,
                next == StepStatus.FAILED || next == StepStatus.ROLLBACK_FAILED ? error : null);
    }

    public StepRecord withAction(boolean rollback, String name, ActionRecord record) {
        StepRecord copy = copy();
        (rollback ? copy.rollbackActions : copy.actions).put(name, record);
        return copy;
    }

    public StepRecord withOutputs(Map<String, String> more) {
        StepRecord copy = copy();
        copy.outputs.putAll(more);
        return copy;
    }

    public StepRecord withError(StepStatus failedStatus, String message, Instant at) {
        return new StepRecord(failedStatus, inputDigest, startedAt, at, actions, rollbackActions, outputs, message);
    }

    public Duration elapsed() {
        return startedAt == null || finishedAt == null ? null : Duration.between(startedAt, finishedAt);
    }

    private StepRecord copy() {
        return new StepRecord(status, inputDigest, startedAt, finishedAt, actions, rollbackActions, outputs, error);
    }
}
