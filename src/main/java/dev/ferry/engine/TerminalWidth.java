package dev.ferry.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * How wide the operator's terminal is: {@code COLUMNS} when the shell exports it (most do not), else what
 * {@code stty size} says of the controlling terminal when this JVM has one, else the caller's default. Never under
 * 40 columns, so wrapped text stays readable.
 */
public final class TerminalWidth {
    private static final int NARROWEST = 40;

    private TerminalWidth() {
    }

    public static int of(Map<String, String> env, boolean terminal, int fallback) {
        String columns = env.get("COLUMNS");
        if (columns != null && columns.strip().matches("\\d{1,4}")) {
            return Math.max(NARROWEST, Integer.parseInt(columns.strip()));
        }
        // System.console(): only a JVM a person started at a terminal asks it (not tests that pretend to be one)
        if (terminal && System.console() != null) {
            OptionalInt asked = stty();
            if (asked.isPresent()) {
                return Math.max(NARROWEST, asked.getAsInt());
            }
        }
        return fallback;
    }

    /** "rows columns" from {@code stty size}, read from /dev/tty; empty when there is none or it does not answer. */
    static OptionalInt stty() {
        try {
            Process stty = new ProcessBuilder("sh", "-c", "stty size < /dev/tty")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!stty.waitFor(1, TimeUnit.SECONDS)) {
                stty.destroyForcibly();
                return OptionalInt.empty();
            }
            return parse(new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    static OptionalInt parse(String size) {
        String[] parts = size.strip().split("\\s+");
        if (parts.length == 2 && parts[1].matches("\\d{1,4}") && !parts[1].equals("0")) {
            return OptionalInt.of(Integer.parseInt(parts[1]));
        }
        return OptionalInt.empty();
    }
}
