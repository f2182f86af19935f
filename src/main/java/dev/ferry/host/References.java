package dev.ferry.host;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Line-level edits of the lists inside a compose service: {@code depends_on}, {@code links}, {@code volumes}. */
public final class References {
    private static final Pattern REFERENCE_KEY = Pattern.compile("^(\\s*(?:depends_on|links):\\s*)(.*?)\\s*$");

    private References() {
    }

    /** Removes every {@code depends_on}/{@code links} entry naming {@code service}, and keys left empty. */
    public static List<String> without(List<String> lines, String service) {
        List<String> out = new ArrayList<>(lines);
        for (int i = 0; i < out.size(); i++) {
            if (TextLines.comment(out.get(i))) {
                continue;
            }
            Matcher m = REFERENCE_KEY.matcher(TextLines.content(out.get(i)));
            if (!m.matches()) {
                continue;
            }
            if (m.group(2).startsWith("[")) {
                i -= rewriteFlow(out, i, m, service);
            } else if (m.group(2).isEmpty() || m.group(2).startsWith("#")) {
                i -= removeBlockItems(out, i, service);
            }
        }
        return out;
    }

    /** Returns how many lines were removed before or at {@code index}. */
    private static int rewriteFlow(List<String> out, int index, Matcher m, String service) {
        String body = m.group(2);
        int close = body.indexOf(']');
        List<String> kept = new ArrayList<>();
        for (String item : body.substring(1, close).split(",")) {
            if (!item.isBlank() && !referenceName(item).equals(service)) {
                kept.add(item.strip());
            }
        }
        if (kept.isEmpty()) {
            out.remove(index);
            return 1;
        }
        String rewritten = m.group(1) + "[" + String.join(", ", kept) + "]" + body.substring(close + 1);
        out.set(index, TextLines.replaceContent(out.get(index), rewritten));
        return 0;
    }

    private static int removeBlockItems(List<String> out, int keyIndex, String service) {
        List<Item> items = items(out, keyIndex);
        List<Item> doomed = items.stream().filter(it -> itemName(out, it).equals(service)).toList();
        if (doomed.isEmpty()) {
            return 0;
        }
        for (int k = doomed.size() - 1; k >= 0; k--) {
            out.subList(doomed.get(k).start(), doomed.get(k).end()).clear();
        }
        if (doomed.size() == items.size()) {
            out.remove(keyIndex);
            return 1;
        }
        return 0;
    }

    private static List<Item> items(List<String> lines, int keyIndex) {
        int keyIndent = TextLines.indent(lines.get(keyIndex));
        int itemIndent = -1;
        List<Integer> starts = new ArrayList<>();
        int i = keyIndex + 1;
        for (; i < lines.size(); i++) {
            String line = lines.get(i);
            if (TextLines.blank(line) || TextLines.comment(line)) {
                continue;
            }
            int indent = TextLines.indent(line);
            boolean sameIndentDash = indent == keyIndent && TextLines.content(line).strip().startsWith("- ");
            if (indent < keyIndent || (indent == keyIndent && !sameIndentDash)) {
                break;
            }
            if (itemIndent < 0) {
                itemIndent = indent;
            }
            if (indent == itemIndent) {
                starts.add(i);
            }
        }
        int end = i;
        while (end > keyIndex + 1 && (TextLines.blank(lines.get(end - 1)) || TextLines.comment(lines.get(end - 1)))) {
            end--;
        }
        List<Item> items = new ArrayList<>();
        for (int k = 0; k < starts.size(); k++) {
            items.add(new Item(starts.get(k), k + 1 < starts.size() ? starts.get(k + 1) : end));
        }
        return items;
    }

    private static String itemName(List<String> lines, Item item) {
        String c = TextLines.content(lines.get(item.start())).strip();
        return referenceName(c.startsWith("-") ? c.substring(1) : c);
    }

    /** {@code postgres}, {@code "postgres"}, {@code postgres:db} (link alias) and {@code postgres:} (map key) name postgres. */
    private static String referenceName(String item) {
        String s = item.strip();
        int hash = s.indexOf(" #");
        if (hash >= 0) {
            s = s.substring(0, hash).strip();
        }
        s = unquote(s);
        int colon = s.indexOf(':');
        return unquote((colon >= 0 ? s.substring(0, colon) : s).strip());
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    private record Item(int start, int end) {
    }
}
