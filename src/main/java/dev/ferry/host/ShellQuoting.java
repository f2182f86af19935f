package dev.ferry.host;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;

/**
 * The one place a value is turned into a single-quoted {@code sh} word: inside single quotes sh interprets nothing,
 * newlines included, and a quote is written {@code '\''}. A NUL byte cannot be carried by any argument.
 */
public final class ShellQuoting {
    private ShellQuoting() {
    }

    public static String quoted(String text) {
        if (text.indexOf('\0') >= 0) {
            // the value itself is not shown: this layer cannot tell a secret from a path
            throw new FerryException(ErrorCode.INVALID_INPUT, "a value for a command on the host holds a NUL byte,"
                    + " which no command argument can carry; nothing was run. Remove it from the plan (or from the"
                    + " host's file it came from)");
        }
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
