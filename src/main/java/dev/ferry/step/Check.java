package dev.ferry.step;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of {@code ferry doctor}: what was checked, how it went, what was found and, unless it passed, what to do.
 * Details name things (hosts, files, keys, actions), never secret values.
 *
 * @param durationMs how long the check took; filled in by the doctor
 */
public record Check(String name, Status status, String detail, String fix, long durationMs) {
    private static final Pattern ADVICE = Pattern.compile("(?:[.;:]| —) (?=(?i:add|allow|check|create|find|fix|free|grant|"
            + "install|lower|pass|point|refresh|remove|run|set|start|use|verify)\\b)");

    /** ✓ passed, ! passed with a warning, ✗ failed, - not checked because a check it needs failed. */
    public enum Status {
        OK("✓"), WARN("!"), FAIL("✗"), SKIPPED("-");

        private final String symbol;

        Status(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    public static Check ok(String detail) {
        return new Check(null, Status.OK, detail, null, 0);
    }

    public static Check warn(String detail, String fix) {
        return new Check(null, Status.WARN, detail, fix, 0);
    }

    public static Check fail(String detail, String fix) {
        return new Check(null, Status.FAIL, detail, fix, 0);
    }

    public static Check skipped(String detail) {
        return new Check(null, Status.SKIPPED, detail, null, 0);
    }

    /**
     * A failure from an adapter or a step helper. Their messages read "what happened; what to do" (or ". Do this",
     * ": do this", " — do this"): split into detail and fix where the advice starts.
     */
    public static Check failed(RuntimeException e) {
        String message = String.valueOf(e.getMessage()).strip();
        Matcher advice = ADVICE.matcher(message);
        if (advice.find()) {
            return fail(message.substring(0, advice.start()), capitalised(message.substring(advice.end())));
        }
        int semicolon = message.indexOf("; ");
        return semicolon > 0 ? fail(message.substring(0, semicolon), capitalised(message.substring(semicolon + 2)))
                : fail(message, "Fix what the line says, then run `ferry doctor` again");
    }

    public boolean passed() {
        return status == Status.OK || status == Status.WARN;
    }

    public Check named(String checkName) {
        return new Check(checkName, status, detail, fix, durationMs);
    }

    public Check took(long millis) {
        return new Check(name, status, detail, fix, millis);
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
