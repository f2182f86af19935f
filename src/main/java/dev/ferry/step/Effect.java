package dev.ferry.step;

/**
 * One change (or probe) an action makes in the world, as shown in the dry run. {@code text} must already be redacted:
 * build it from {@link dev.ferry.step.Redacted} values, never from raw secrets. {@code call}, when set, is the same
 * effect as a structured SDK call (service:Operation and its parameters), its values already masked like the text.
 */
public record Effect(Kind kind, String text, SdkCall call) {

    public enum Kind {
        /** An AWS SDK call, written {@code service:Operation(Key=value, ...)}. */
        AWS_CALL,
        /** A command run on the source host over SSH. */
        REMOTE_COMMAND,
        /** An edit of a file on the source host (a backup is always taken first). */
        FILE_EDIT,
        /** A DNS record change. */
        DNS_CHANGE,
        /** A read-only check: the world is looked at, not changed. */
        CHECK,
        /** A command run on the operator's machine. */
        LOCAL_COMMAND,
        /** Waiting for the world to converge. */
        WAIT
    }

    public Effect(Kind kind, String text) {
        this(kind, text, null);
    }

    public static Effect aws(String text) {
        return new Effect(Kind.AWS_CALL, text);
    }

    public static Effect remote(String text) {
        return new Effect(Kind.REMOTE_COMMAND, text);
    }

    public static Effect edit(String text) {
        return new Effect(Kind.FILE_EDIT, text);
    }

    public static Effect dns(String text) {
        return new Effect(Kind.DNS_CHANGE, text);
    }

    /** A Route 53 change, with its structured form: {@code call}'s values must already be redacted. */
    public static Effect dns(String text, SdkCall call) {
        return new Effect(Kind.DNS_CHANGE, text, call);
    }

    public static Effect check(String text) {
        return new Effect(Kind.CHECK, text);
    }

    public static Effect local(String text) {
        return new Effect(Kind.LOCAL_COMMAND, text);
    }

    public static Effect await(String text) {
        return new Effect(Kind.WAIT, text);
    }
}
