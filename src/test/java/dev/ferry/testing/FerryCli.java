package dev.ferry.testing;

import dev.ferry.cli.Ferry;
import dev.ferry.wiring.Wiring;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs the ferry CLI in this process through a given wiring and captures what it printed. */
public final class FerryCli {
    private FerryCli() {
    }

    public record Result(int code, String out, String err) {
    }

    /** {@code input} is what a person types; {@code terminal} whether ferry believes one is there. */
    public static Result ferry(Wiring wiring, String input, boolean terminal, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Ferry.run(wiring, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                terminal, args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * As a person whose environment is {@code env} (e.g. {@code NO_COLOR}, {@code COLUMNS}) and whose output shows
     * {@code charset} ({@code US-ASCII} is {@code LANG=C}); what ferry printed is read back as UTF-8.
     */
    public static Result ferry(Wiring wiring, Map<String, String> env, Charset charset, boolean terminal,
            String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Ferry.run(wiring, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                terminal, env, charset, args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    public static Result ferry(Wiring wiring, String... args) {
        return ferry(wiring, "", false, args);
    }
}
