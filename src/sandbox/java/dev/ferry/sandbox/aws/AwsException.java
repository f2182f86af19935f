package dev.ferry.sandbox.aws;

/** An AWS error as the service would return it: HTTP status, error code, message, and who is at fault. */
final class AwsException extends RuntimeException {
    private final int status;
    private final String code;
    private final boolean sender;

    AwsException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
        this.sender = status < 500;
    }

    static AwsException badRequest(String code, String message) {
        return new AwsException(400, code, message);
    }

    static AwsException notFound(String code, String message) {
        return new AwsException(404, code, message);
    }

    static AwsException validation(String message) {
        return new AwsException(400, "ValidationException", message);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    /** "Sender" or "Receiver", as the Query protocol's {@code <Type>} element says. */
    String faultType() {
        return sender ? "Sender" : "Receiver";
    }
}
