package dev.ferry;

/** The one unchecked root exception: every failure ferry reports carries an {@link ErrorCode} that becomes the exit code. */
public class FerryException extends RuntimeException {
    private final ErrorCode code;
    private final boolean namesNextAction;

    public FerryException(ErrorCode code, String message) {
        this(code, message, null, false);
    }

    public FerryException(ErrorCode code, String message, Throwable cause) {
        this(code, message, cause, false);
    }

    private FerryException(ErrorCode code, String message, Throwable cause, boolean namesNextAction) {
        super(message, cause);
        this.code = code;
        this.namesNextAction = namesNextAction;
    }

    /**
     * A failure whose message ends in the one next action that helps, so the engine does not add its generic advice
     * (resume or roll back) when that advice would be wrong, for example resuming a wait that cannot succeed.
     */
    public static FerryException withNextAction(ErrorCode code, String fact, String nextAction) {
        return advised(code, fact + ". " + nextAction);
    }

    /** Like {@link #withNextAction}, for a message that already says what to do (several failures, each advised). */
    public static FerryException advised(ErrorCode code, String message) {
        return new FerryException(code, message, null, true);
    }

    /** Like {@link #advised(ErrorCode, String)}, keeping the failure that caused it. */
    public static FerryException advised(ErrorCode code, String message, Throwable cause) {
        return new FerryException(code, message, cause, true);
    }

    public ErrorCode code() {
        return code;
    }

    public boolean namesNextAction() {
        return namesNextAction;
    }
}
