package dev.ferry.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code ports:} of one service block in a compose file, read and extended line by line: a block list
 * ({@code - "5000:5000"}, items indented or not) or a one-line flow list ({@code ports: ["80:80"]}). What ferry cannot
 * read for sure (the long syntax, a list that spans lines in flow style, ports from a {@code <<:} merge) is refused,
 * so the caller never decides on a guess.
 */
final class ComposePorts {
    private static final Pattern PORTS = Pattern.compile("^(\\s*ports:)\\s*(\\[[^\\]]*\\])?\\s*(#.*)?$");
    private static final Pattern ITEM = Pattern.compile("^(\\s*)-\\s+([\"']?)([^\"'#\\s]*)\\2\\s*(#.*)?$");
    private static final Pattern MERGE = Pattern.compile("^\\s*<<\\s*:.*$");

    private final List<String> lines;
    private final int start;
    private final int end;
    private final int indent;

    /** The service block: its key line {@code start}, the line after it {@code end}, its keys' {@code indent}. */
    ComposePorts(List<String> lines, int start, int end, int indent) {
        this.lines = lines;
        this.start = start;
        this.end = end;
        this.indent = indent;
    }

    /** The entries as written, without quotes; empty when the service has no {@code ports:}. */
    List<String> entries() {
        Optional<Integer> key = keyLine();
        if (key.isEmpty()) {
            if (merges()) {
                throw new IllegalArgumentException("it takes keys from a `<<:` merge, which may hold ports");
            }
            return List.of();
        }
        Matcher m = matcher(key.get());
        if (m.group(2) != null) {
            return flow(m.group(2));
        }
        List<String> entries = new ArrayList<>();
        for (int i : items(key.get())) {
            Matcher item = ITEM.matcher(TextLines.content(lines.get(i)));
            if (!item.matches() || item.group(3).isEmpty()) {
                throw new IllegalArgumentException("its ports: entry `" + TextLines.content(lines.get(i)).strip()
                        + "` is not in the short syntax ([address:]host:container)");
            }
            entries.add(item.group(3));
        }
        return entries;
    }

    /** The lines with {@code entry} (plain characters, checked by the caller) added, quoted, as the last port. */
    List<String> withEntry(String entry) {
        entries();
        List<String> out = new ArrayList<>(lines);
        Optional<Integer> key = keyLine();
        if (key.isPresent() && matcher(key.get()).group(2) != null) {
            String line = lines.get(key.get());
            String content = TextLines.content(line);
            int close = content.lastIndexOf(']');
            String inside = content.substring(content.indexOf('[') + 1, close).strip();
            String added = (inside.isEmpty() ? "" : ", ") + "\"" + entry + "\"";
            String before = content.substring(0, close).replaceFirst("\\s+$", "");
            out.set(key.get(), TextLines.replaceContent(line, before + added + content.substring(close)));
            return out;
        }
        if (key.isPresent()) {
            List<Integer> items = items(key.get());
            int last = items.isEmpty() ? key.get() : items.get(items.size() - 1);
            int itemIndent = items.isEmpty() ? indent + 2 : TextLines.indent(lines.get(last));
            out.add(last + 1, " ".repeat(itemIndent) + "- \"" + entry + "\"" + terminator(last));
            return out;
        }
        int after = end - 1;
        String terminator = terminator(after);
        if (TextLines.terminator(lines.get(after)).isEmpty()) {
            out.set(after, lines.get(after) + terminator);
        }
        out.add(after + 1, " ".repeat(indent) + "ports:" + terminator);
        out.add(after + 2, " ".repeat(indent + 2) + "- \"" + entry + "\"" + terminator);
        return out;
    }

    private String terminator(int index) {
        String own = TextLines.terminator(lines.get(index));
        return own.isEmpty() ? (lines.get(start).endsWith("\r\n") ? "\r\n" : "\n") : own;
    }

    private boolean merges() {
        for (int i = start + 1; i < end; i++) {
            if (TextLines.indent(lines.get(i)) == indent && MERGE.matcher(TextLines.content(lines.get(i))).matches()) {
                return true;
            }
        }
        return false;
    }

    private Optional<Integer> keyLine() {
        for (int i = start + 1; i < end; i++) {
            if (TextLines.indent(lines.get(i)) == indent && TextLines.content(lines.get(i)).strip().startsWith("ports:")) {
                if (!matcher(i).matches()) {
                    throw new IllegalArgumentException("its `" + TextLines.content(lines.get(i)).strip() + "` is not"
                            + " a list ferry can read on one line or as `- ` items");
                }
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    private Matcher matcher(int index) {
        Matcher m = PORTS.matcher(TextLines.content(lines.get(index)));
        m.matches();
        return m;
    }

    /** The item lines of a block list under {@code key} (comments and blank lines skipped). */
    private List<Integer> items(int key) {
        List<Integer> items = new ArrayList<>();
        for (int i = key + 1; i < end; i++) {
            String line = lines.get(i);
            if (TextLines.blank(line) || TextLines.comment(line)) {
                continue;
            }
            boolean item = TextLines.content(line).stripLeading().startsWith("-");
            if (TextLines.indent(line) < indent || TextLines.indent(line) == indent && !item) {
                break;
            }
            if (item && (items.isEmpty() || TextLines.indent(line) == TextLines.indent(lines.get(items.get(0))))) {
                items.add(i);
            } else if (!item || TextLines.indent(line) > TextLines.indent(lines.get(items.get(0)))) {
                throw new IllegalArgumentException("its ports: entry `" + TextLines.content(line).strip() + "` is"
                        + " not in the short syntax ([address:]host:container)");
            }
        }
        return items;
    }

    private static List<String> flow(String list) {
        String inside = list.substring(1, list.length() - 1).strip();
        List<String> entries = new ArrayList<>();
        if (inside.isEmpty()) {
            return entries;
        }
        for (String part : inside.split(",")) {
            String entry = part.strip();
            if (entry.length() >= 2 && (entry.startsWith("\"") && entry.endsWith("\"")
                    || entry.startsWith("'") && entry.endsWith("'"))) {
                entry = entry.substring(1, entry.length() - 1);
            }
            if (entry.isEmpty() || entry.contains("{")) {
                throw new IllegalArgumentException("its ports: list `" + list + "` is not in the short syntax");
            }
            entries.add(entry);
        }
        return entries;
    }
}
