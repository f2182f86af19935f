package dev.ferry.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * An independent reading of POSIX {@code sh} command text for tests: finds where a marker would be read by the shell
 * as code (unquoted, so it can become a command or its arguments) instead of as literal text. Follows single and
 * double quotes, backslashes, comments, {@code $(...)} and backticks (read as scripts of their own), and the script
 * of {@code sh -c SCRIPT}, so a value quoted at the outer level but not inside the script is found too.
 */
public final class ShellText {
    private final String marker;
    private final List<String> live = new ArrayList<>();

    private ShellText(String marker) {
        this.marker = marker;
    }

    /** The places (as short excerpts) where {@code marker} is live code in {@code script}; empty when it never is. */
    public static List<String> liveOccurrences(String script, String marker) {
        ShellText reading = new ShellText(marker);
        reading.script(script);
        return reading.live;
    }

    private static final class Word {
        final StringBuilder value = new StringBuilder();
        final List<Boolean> liveChars = new ArrayList<>();

        void add(char c, boolean isLive) {
            value.append(c);
            liveChars.add(isLive);
        }
    }

    private void script(String text) {
        List<Word> command = new ArrayList<>();
        Word word = null;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (" \t".indexOf(c) >= 0 || "\n;&|()<>".indexOf(c) >= 0) {
                word = finish(command, word);
                if ("\n;&|()".indexOf(c) >= 0) {
                    command(command);
                    command = new ArrayList<>();
                }
                i++;
            } else if (c == '#' && word == null) {
                i = text.indexOf('\n', i) < 0 ? text.length() : text.indexOf('\n', i);
            } else {
                word = word == null ? new Word() : word;
                i = part(text, i, word);
            }
        }
        finish(command, word);
        command(command);
    }

    /** Reads one quoted, escaped, substituted or plain part of a word starting at {@code i}; returns where it ends. */
    private int part(String text, int i, Word word) {
        char c = text.charAt(i);
        if (c == '\'') {
            int end = text.indexOf('\'', i + 1);
            end = end < 0 ? text.length() : end;
            text.substring(i + 1, end).chars().forEach(ch -> word.add((char) ch, false));
            return end + 1;
        }
        if (c == '\\') {
            if (i + 1 < text.length() && text.charAt(i + 1) != '\n') {
                word.add(text.charAt(i + 1), false);
            }
            return i + 2;
        }
        if (c == '"') {
            return doubleQuoted(text, i + 1, word);
        }
        if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '(') {
            int end = closingParen(text, i + 1);
            script(text.substring(i + 2, end));
            return end + 1;
        }
        if (c == '`') {
            int end = text.indexOf('`', i + 1);
            end = end < 0 ? text.length() : end;
            script(text.substring(i + 1, end));
            return end + 1;
        }
        word.add(c, true);
        return i + 1;
    }

    private int doubleQuoted(String text, int i, Word word) {
        while (i < text.length() && text.charAt(i) != '"') {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && "$`\"\\\n".indexOf(text.charAt(i + 1)) >= 0) {
                word.add(text.charAt(i + 1), false);
                i += 2;
            } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '(') {
                int end = closingParen(text, i + 1);
                script(text.substring(i + 2, end));
                i = end + 1;
            } else if (c == '`') {
                int end = text.indexOf('`', i + 1);
                end = end < 0 ? text.length() : end;
                script(text.substring(i + 1, end));
                i = end + 1;
            } else {
                word.add(c, false);
                i++;
            }
        }
        return i + 1;
    }

    private static int closingParen(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '\'') {
                int end = text.indexOf('\'', i + 1);
                i = end < 0 ? text.length() : end;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return text.length();
    }

    private static Word finish(List<Word> command, Word word) {
        if (word != null) {
            command.add(word);
        }
        return null;
    }

    /** Checks one simple command's words, and reads the script of {@code sh -c SCRIPT} as a script. */
    private void command(List<Word> words) {
        for (int w = 0; w < words.size(); w++) {
            Word word = words.get(w);
            String value = word.value.toString();
            for (int at = value.indexOf(marker); at >= 0; at = value.indexOf(marker, at + 1)) {
                if (word.liveChars.subList(at, at + marker.length()).contains(true)) {
                    live.add(value);
                }
            }
            boolean shell = value.equals("sh") || value.endsWith("/sh");
            if (shell && w + 2 < words.size() && words.get(w + 1).value.toString().equals("-c")) {
                script(words.get(w + 2).value.toString());
            }
        }
    }
}
