package dev.ferry.host;

import java.util.ArrayList;
import java.util.List;

/** Splits text into lines that keep their own terminators, so joining them gives back the exact bytes. */
public final class TextLines {
    private TextLines() {
    }

    public static List<String> split(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    public static String join(List<String> lines) {
        return String.join("", lines);
    }

    /** The line without its terminator. */
    public static String content(String line) {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\n') {
            end--;
        }
        if (end > 0 && line.charAt(end - 1) == '\r') {
            end--;
        }
        return line.substring(0, end);
    }

    public static String terminator(String line) {
        return line.substring(content(line).length());
    }

    public static String replaceContent(String line, String content) {
        return content + terminator(line);
    }

    public static int indent(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    public static boolean blank(String line) {
        return content(line).isBlank();
    }

    public static boolean comment(String line) {
        return content(line).stripLeading().startsWith("#");
    }
}
