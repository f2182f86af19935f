package dev.ferry.sandbox.host;

/** An error the real docker CLI would print on stderr before exiting with {@code exitCode}. */
final class ComposeError extends RuntimeException {
    private final int exitCode;

    ComposeError(String message) {
        this(message, 1);
    }

    ComposeError(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
