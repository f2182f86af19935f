package dev.ferry.state;

/** Where a step stands, as recorded. A step absent from state is pending. */
public enum StepStatus {
    APPLYING, APPLIED, FAILED, SKIPPED, ROLLING_BACK, ROLLED_BACK, ROLLBACK_FAILED;

    /** True when the step may have changed the world and so may need undoing. */
    public boolean touchedTheWorld() {
        return this == APPLYING || this == APPLIED || this == FAILED || this == ROLLING_BACK || this == ROLLBACK_FAILED;
    }

    public boolean done() {
        return this == APPLIED || this == SKIPPED;
    }
}
