package dev.ferry.host;

import dev.ferry.Failures;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A docker compose env file ({@code KEY=VALUE} lines). Setting a value rewrites only that value: comments, order,
 * spacing, {@code export} prefixes and quoting of every other line stay byte for byte. {@link #toString()} never
 * shows a value.
 */
public final class EnvFile {
    private static final Pattern ASSIGNMENT =
            Pattern.compile("^(\\s*(?:export\\s+)?)([A-Za-z_][A-Za-z0-9_.-]*)(\\s*=\\s*)(.*)$");
    private static final Pattern INLINE_COMMENT = Pattern.compile("\\s+#.*$");
    private static final Pattern SAFE_UNQUOTED = Pattern.compile("[^\\s#'\"\\\\$`]*");

    private final List<String> lines;

    private EnvFile(List<String> lines) {
        this.lines = List.copyOf(lines);
    }

    public static EnvFile parse(String text) {
        return new EnvFile(TextLines.split(text));
    }

    public String text() {
        return TextLines.join(lines);
    }

    public List<String> keys() {
        LinkedHashSet<String> keys = new LinkedHashSet<>();
        for (String line : lines) {
            assignment(line).ifPresent(m -> keys.add(m.group(2)));
        }
        return List.copyOf(keys);
    }

    /** The value of the last assignment of {@code key} (docker compose keeps the last one). */
    public Optional<String> get(String key) {
        String value = null;
        for (String line : lines) {
            Optional<Matcher> m = assignment(line);
            if (m.isPresent() && m.get().group(2).equals(key)) {
                value = unquote(m.get().group(4));
            }
        }
        return Optional.ofNullable(value);
    }

    /** Sets every assignment of {@code key} to {@code value}, or appends one at the end when there is none. */
    public EnvFile with(String key, String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
            throw Failures.input("the new value of " + key + " holds a line break or NUL, which would end its line in"
                    + " the env file and start another; nothing was written", "Check where the value comes from (the"
                    + " plan or the AWS endpoint ferry recorded)");
        }
        List<String> out = new ArrayList<>(lines.size() + 1);
        boolean found = false;
        for (String line : lines) {
            Optional<Matcher> m = assignment(line);
            if (m.isPresent() && m.get().group(2).equals(key)) {
                found = true;
                Matcher a = m.get();
                String rewritten = a.group(1) + key + a.group(3) + render(a.group(4), value);
                out.add(TextLines.replaceContent(line, rewritten));
            } else {
                out.add(line);
            }
        }
        if (!found) {
            appendLine(out, key + "=" + render("", value));
        }
        return new EnvFile(out);
    }

    /**
     * Sets every assignment of {@code key} to the value text of {@code source}'s last assignment of it, quoting and
     * inline comment included, byte for byte: putting a backed-up value back without re-rendering it.
     */
    public Optional<EnvFile> withValueOf(String key, EnvFile source) {
        String raw = null;
        for (String line : source.lines) {
            Optional<Matcher> m = assignment(line);
            if (m.isPresent() && m.get().group(2).equals(key)) {
                raw = m.get().group(4);
            }
        }
        if (raw == null) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>(lines.size());
        boolean found = false;
        for (String line : lines) {
            Optional<Matcher> m = assignment(line);
            if (m.isPresent() && m.get().group(2).equals(key)) {
                found = true;
                Matcher a = m.get();
                out.add(TextLines.replaceContent(line, a.group(1) + key + a.group(3) + raw));
            } else {
                out.add(line);
            }
        }
        if (!found) {
            appendLine(out, key + "=" + raw);
        }
        return Optional.of(new EnvFile(out));
    }

    @Override
    public String toString() {
        return "EnvFile" + keys();
    }

    private static void appendLine(List<String> out, String content) {
        String newline = out.isEmpty() ? "\n" : TextLines.terminator(out.get(0));
        if (newline.isEmpty()) {
            newline = "\n";
        }
        if (!out.isEmpty() && TextLines.terminator(out.get(out.size() - 1)).isEmpty()) {
            out.set(out.size() - 1, out.get(out.size() - 1) + newline);
        }
        out.add(content + newline);
    }

    private static Optional<Matcher> assignment(String line) {
        if (TextLines.comment(line)) {
            return Optional.empty();
        }
        Matcher m = ASSIGNMENT.matcher(TextLines.content(line));
        return m.matches() ? Optional.of(m) : Optional.empty();
    }

    private static String unquote(String raw) {
        String v = raw.strip();
        // A quote left open runs on to the next lines; this line holds the start of the value only.
        if (v.length() >= 2 && v.startsWith("\"")) {
            int end = v.lastIndexOf('"');
            return v.substring(1, end > 0 ? end : v.length()).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        if (v.length() >= 2 && v.startsWith("'")) {
            int end = v.lastIndexOf('\'');
            return v.substring(1, end > 0 ? end : v.length());
        }
        return INLINE_COMMENT.matcher(v).replaceFirst("");
    }

    /** Renders {@code value} in the quoting style of the value it replaces, keeping an inline comment. */
    private static String render(String oldRaw, String value) {
        String old = oldRaw.strip();
        if (old.startsWith("'") && !value.contains("'")) {
            return "'" + value + "'" + trailingAfterQuote(oldRaw, '\'');
        }
        if (old.startsWith("\"") || old.startsWith("'") || !SAFE_UNQUOTED.matcher(value).matches()) {
            String quote = old.startsWith("\"") ? trailingAfterQuote(oldRaw, '"') : "";
            return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" + quote;
        }
        Matcher comment = INLINE_COMMENT.matcher(oldRaw);
        return comment.find() ? value + comment.group() : value;
    }

    private static String trailingAfterQuote(String raw, char quote) {
        int end = raw.lastIndexOf(quote);
        int start = raw.indexOf(quote);
        return end > start ? raw.substring(end + 1) : "";
    }
}
