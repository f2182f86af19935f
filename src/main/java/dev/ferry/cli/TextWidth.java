package dev.ferry.cli;

/**
 * How many terminal columns text takes: one per code point, none for a combining mark, two for an East Asian wide
 * character or an emoji (the common ranges, not the whole Unicode width table).
 */
final class TextWidth {
    private TextWidth() {
    }

    static int of(String text) {
        return text.codePoints().map(TextWidth::columns).sum();
    }

    /** The char index in {@code text} before which its first {@code columns} columns end. */
    static int index(String text, int columns) {
        int used = 0;
        int i = 0;
        while (i < text.length()) {
            int c = text.codePointAt(i);
            used += columns(c);
            if (used > columns) {
                return i;
            }
            i += Character.charCount(c);
        }
        return i;
    }

    /** {@code text} followed by spaces up to {@code columns}. */
    static String pad(String text, int columns) {
        return text + " ".repeat(Math.max(0, columns - of(text)));
    }

    static int columns(int c) {
        int type = Character.getType(c);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || c == 0x200B) {
            return 0;
        }
        return wide(c) ? 2 : 1;
    }

    private static boolean wide(int c) {
        return c >= 0x1100 && c <= 0x115F || c >= 0x2E80 && c <= 0xA4CF && c != 0x303F || c >= 0xAC00 && c <= 0xD7A3
                || c >= 0xF900 && c <= 0xFAFF || c >= 0xFE30 && c <= 0xFE4F || c >= 0xFF00 && c <= 0xFF60
                || c >= 0xFFE0 && c <= 0xFFE6 || c >= 0x1F300 && c <= 0x1F64F || c >= 0x1F900 && c <= 0x1F9FF
                || c >= 0x20000 && c <= 0x3FFFD;
    }
}
