package dev.ferry;


/** Failure messages in one shape: the fact with its values, then one next action. */
public final class Failures {
    private Failures() {
    }

    public static FerryException step(String fact, String nextAction) {
        return new FerryException(ErrorCode.STEP_FAILED, fact + ". " + nextAction);
    }

    public static FerryException preflight(String fact, String nextAction) {
        return new FerryException(ErrorCode.PREFLIGHT_FAILED, fact + "; nothing was changed. " + nextAction);
    }

    public static FerryException input(String fact, String nextAction) {
        return new FerryException(ErrorCode.INVALID_INPUT, fact + ". " + nextAction);
    }
}
