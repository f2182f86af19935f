package dev.ferry.host;

import static dev.ferry.host.ShellWords.PLACEHOLDER_END;
import static dev.ferry.host.ShellWords.PLACEHOLDER_START;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Preview only: renders a command built with {@link ShellWords#placeholder placeholders} the way an operator reads it,
 * {@code du -sb -- <postgres data dir>} rather than a quoted stand-in. A word whose value is plain once its
 * placeholders are taken as plain shows unquoted; any other word holding one is quoted again around its rendered
 * value (so an {@code sh -c} script shows its placeholders bare inside the one pair of quotes). Words without a
 * placeholder are left exactly as {@link ShellWords#quote} made them. Never used for a command that runs.
 */
public final class PreviewCommands {
    private static final Pattern PLACEHOLDER = Pattern.compile(PLACEHOLDER_START + "([a-z0-9][a-z0-9 ._-]*)"
            + PLACEHOLDER_END);

    private PreviewCommands() {
    }

    public static String shown(String command) {
        if (!hasPlaceholder(command)) {
            return command;
        }
        try {
            StringBuilder out = new StringBuilder();
            int i = 0;
            while (i < command.length()) {
                char c = command.charAt(i);
                if (separator(c)) {
                    out.append(c);
                    i++;
                    continue;
                }
                int end = wordEnd(command, i);
                String word = command.substring(i, end);
                out.append(hasPlaceholder(word) ? rewritten(word) : word);
                i = end;
            }
            return out.toString();
        } catch (IllegalArgumentException unbalanced) {
            return bracketed(command);
        }
    }

    private static String rewritten(String word) {
        if (word.indexOf('"') >= 0 || word.indexOf('\'') < 0 && word.indexOf('\\') < 0) {
            return bracketed(word);
        }
        String value = value(word);
        if (ShellWords.plain(PLACEHOLDER.matcher(value).replaceAll("x"))) {
            return bracketed(value);
        }
        return "'" + bracketed(shown(value)).replace("'", "'\\''") + "'";
    }

    /** Where the word starting at {@code start} ends: at an unquoted blank or operator, or the end of the text. */
    private static int wordEnd(String text, int start) {
        int i = start;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (separator(c)) {
                return i;
            }
            if (c == '\'') {
                i = closing(text, i, '\'');
            } else if (c == '"') {
                i = closing(text, i, '"');
            } else if (c == '\\') {
                i++;
            }
            i++;
        }
        return i;
    }

    private static boolean separator(char c) {
        return " \t\n;&|<>()".indexOf(c) >= 0;
    }

    private static int closing(String text, int open, char quote) {
        for (int i = open + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == quote) {
                return i;
            }
            if (c == '\\' && quote == '"') {
                i++;
            }
        }
        throw new IllegalArgumentException("unbalanced " + quote);
    }

    /** The literal value of a word made of plain text, single-quoted parts and backslash escapes. */
    private static String value(String word) {
        StringBuilder value = new StringBuilder();
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c == '\'') {
                int end = closing(word, i, '\'');
                value.append(word, i + 1, end);
                i = end;
            } else if (c == '\\' && i + 1 < word.length()) {
                value.append(word.charAt(++i));
            } else {
                value.append(c);
            }
        }
        return value.toString();
    }

    private static String bracketed(String text) {
        return PLACEHOLDER.matcher(text).replaceAll(m -> Matcher.quoteReplacement("<" + m.group(1) + ">"));
    }

    private static boolean hasPlaceholder(String text) {
        return text.indexOf(PLACEHOLDER_START) >= 0;
    }
}
