package dev.ferry.engine;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Help.Ansi;

/**
 * How progress is drawn on this stderr: a rewritten status line or plain lines, with colour or not, in UTF-8 or in
 * ASCII. Decided from the environment the way other CLIs do: a console attached and {@code TERM} not {@code dumb} for
 * the status line, {@code NO_COLOR} (any value) turns colour off, a locale without UTF-8 ({@code LANG=C}) means ASCII.
 */
public record ProgressStyle(boolean terminal, boolean colour, boolean unicode, int width) {

    /** Timestamped lines, no colour, ASCII: tests, CI, pipes. */
    public static ProgressStyle plain() {
        return new ProgressStyle(false, false, false, 80);
    }

    /** The style for {@code env} when stderr is ({@code console}) or is not a terminal. */
    public static ProgressStyle detect(Map<String, String> env, boolean console) {
        return detect(env, console, "UTF-8");
    }

    /**
     * The same, for a JVM that writes stderr in {@code jvmEncoding} (its {@code native.encoding}): a locale that names
     * UTF-8 but is not installed leaves the JVM on ASCII, and a UTF-8 mark would print as "?".
     */
    public static ProgressStyle detect(Map<String, String> env, boolean console, String jvmEncoding) {
        String term = env.getOrDefault("TERM", "");
        boolean terminal = console && !term.isBlank() && !term.equals("dumb");
        boolean colour = terminal && !env.containsKey("NO_COLOR");
        boolean unicode = utf8(env) && jvmEncoding.toLowerCase(Locale.ROOT).replace("-", "").contains("utf8");
        return new ProgressStyle(terminal, colour, unicode, TerminalWidth.of(env, terminal, 80));
    }

    /** The first of LC_ALL, LC_CTYPE, LANG that is set decides, as in POSIX; none set counts as "C". */
    static boolean utf8(Map<String, String> env) {
        for (String name : new String[] {"LC_ALL", "LC_CTYPE", "LANG"}) {
            String value = env.getOrDefault(name, "");
            if (!value.isBlank()) {
                String v = value.toLowerCase(Locale.ROOT);
                return v.contains("utf-8") || v.contains("utf8");
            }
        }
        return false;
    }

    /** {@code text} as this stderr can show it: arrows and marks spelt in ASCII when the locale is not UTF-8. */
    public String text(String text) {
        return unicode ? text : Ascii.of(text);
    }

    /** {@code text} in picocli's markup style (e.g. "bold", "fg(yellow)"), or plain without colour. */
    public String styled(String style, String text) {
        return (colour ? Ansi.ON : Ansi.OFF).string("@|" + style + " " + text.replace("|@", "| @") + "|@");
    }

    /** The status line: what runs, for how long, and the latest news, cut to the terminal's width. */
    public String statusLine(String label, String elapsed, String message) {
        String plain = (unicode ? "… " : "> ") + label + " " + elapsed + (message.isEmpty() ? "" : "  " + message);
        String cut = text(plain.length() > width - 1 ? plain.substring(0, width - 2) + (unicode ? "…" : "~") : plain);
        return styled("bold", cut);
    }
}
