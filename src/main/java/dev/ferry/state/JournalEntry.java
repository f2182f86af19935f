package dev.ferry.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** One line of the append-only journal. {@code message} is redacted before it gets here. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JournalEntry(
        Instant time,
        String runId,
        String event,
        String step,
        String phase,
        String action,
        Long durationMs,
        String message) {

    public static final String ACTION_STARTED = "action-started";
    public static final String ACTION_FINISHED = "action-finished";
    public static final String ACTION_FAILED = "action-failed";
    public static final String STEP_STARTED = "step-started";
    public static final String STEP_APPLIED = "step-applied";
    public static final String STEP_SKIPPED = "step-skipped";
    public static final String STEP_FAILED = "step-failed";
    public static final String STEP_ROLLED_BACK = "step-rolled-back";
    public static final String PAUSED = "paused";
    public static final String RUN_STARTED = "run-started";
    public static final String RUN_FINISHED = "run-finished";
}
