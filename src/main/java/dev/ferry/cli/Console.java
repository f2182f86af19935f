package dev.ferry.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.Map;

/**
 * The streams a command talks through, whether a person is at a terminal, the environment (for {@code NO_COLOR} and
 * {@code COLUMNS}) and the charset the output is shown in (non-UTF-8 under {@code LANG=C}).
 */
public record Console(InputStream in, PrintStream out, PrintStream err, boolean terminal, Map<String, String> env,
        Charset charset) {

    public Console(InputStream in, PrintStream out, PrintStream err, boolean terminal) {
        this(in, out, err, terminal, System.getenv(), outputCharset());
    }

    /** What this JVM encodes stdout in: the terminal's encoding when there is one, else the locale's. */
    static Charset outputCharset() {
        for (String property : new String[] {"stdout.encoding", "sun.stdout.encoding"}) {
            String name = System.getProperty(property);
            if (name != null && Charset.isSupported(name)) {
                return Charset.forName(name);
            }
        }
        return Charset.defaultCharset();
    }

    /** Whether the output can show {@code → ✗ ←}; under {@code LANG=C} it cannot. */
    boolean unicode() {
        return charset.newEncoder().canEncode("→✗←");
    }
}
