package dev.ferry;


/** Failure messages in one shape: the fact with its values, then one next action. */
public final class Failures {
    private Failures() {
    }

    public static FerryException step(String fact, String nextAction) {
        return new FerryException(ErrorCode.STEP_FAILED, fact + ". " + nextAction);
    }

    /**
     * A step failure whose next action says how to go on (resume, roll back, run the step again), so the engine adds
     * no generic advice under it. Use {@link #step} when the next action only helps find the cause.
     */
    public static FerryException stepWithNextAction(String fact, String nextAction) {
        return FerryException.withNextAction(ErrorCode.STEP_FAILED, fact, nextAction);
    }

    public static FerryException preflight(String fact, String nextAction) {
        return new FerryException(ErrorCode.PREFLIGHT_FAILED, fact + "; nothing was changed. " + nextAction);
    }

    public static FerryException input(String fact, String nextAction) {
        return new FerryException(ErrorCode.INVALID_INPUT, fact + ". " + nextAction);
    }
}
