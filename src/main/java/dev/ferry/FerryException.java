package dev.ferry;

/** The one unchecked root exception: every failure ferry reports carries an {@link ErrorCode} that becomes the exit code. */
public class FerryException extends RuntimeException {
    private final ErrorCode code;

    public FerryException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public FerryException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
