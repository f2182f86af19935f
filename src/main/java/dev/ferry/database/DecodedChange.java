package dev.ferry.database;

import dev.ferry.step.TableName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One line of {@code test_decoding}'s output, read for what the cutover verification needs: which tables changed and,
 * for a table keyed by one integer column, which key values. A change whose key cannot be read (a TRUNCATE, a table
 * without such a key, a DELETE without replica identity) names its tables with {@code keys} empty and
 * {@code wholeTables} true: the verification then re-reads those tables whole. Values are parsed, never searched, so a
 * text value that looks like {@code id[integer]:7} is not mistaken for a key.
 */
record DecodedChange(List<TableName> tables, List<Long> keys, boolean wholeTables) {

    /**
     * Reads one line; empty for lines that change no row (BEGIN, COMMIT, messages). {@code keyColumns}: per table
     * ({@code schema.name}), its single integer key column; tables absent from it are re-read whole.
     */
    static Optional<DecodedChange> parse(String line, Map<String, String> keyColumns) {
        if (!line.startsWith("table ")) {
            return Optional.empty();
        }
        Reader r = new Reader(line, 6);
        List<TableName> tables = new ArrayList<>();
        do {
            tables.add(r.qualifiedName());
        } while (r.skip(", "));
        r.expect(": ");
        String op = r.until(':');
        r.expect(":");
        if (op.equals("TRUNCATE") || tables.size() != 1) {
            return Optional.of(new DecodedChange(tables, List.of(), true));
        }
        String keyColumn = keyColumns.get(tables.get(0).toString());
        if (keyColumn == null || !(op.equals("INSERT") || op.equals("UPDATE") || op.equals("DELETE"))) {
            return Optional.of(new DecodedChange(tables, List.of(), true));
        }
        List<Long> keys = keys(r, keyColumn);
        return Optional.of(keys.isEmpty() ? new DecodedChange(tables, List.of(), true)
                : new DecodedChange(tables, keys, false));
    }

    /** The key column's values in {@code old-key:} and {@code new-tuple:} (an UPDATE that changed the key has both). */
    private static List<Long> keys(Reader r, String keyColumn) {
        List<Long> keys = new ArrayList<>();
        while (r.skip(" ")) {
            if (r.skip("old-key:") || r.skip("new-tuple:") || r.skip("(no-tuple-data)")) {
                continue;
            }
            String column = r.identifier();
            r.expect("[");
            r.untilText("]:");
            r.expect("]:");
            String value = r.value();
            if (column.equals(keyColumn)) {
                try {
                    keys.add(Long.parseLong(value));
                } catch (NumberFormatException notAnInteger) {
                    return List.of();
                }
            }
        }
        if (!r.atEnd()) {
            throw new IllegalArgumentException("unexpected text at column " + r.position());
        }
        return keys;
    }

    /** A cursor over one line; every method throws IllegalArgumentException when the line is not what it expects. */
    private static final class Reader {
        private final String s;
        private int i;

        Reader(String s, int start) {
            this.s = s;
            this.i = start;
        }

        boolean atEnd() {
            return i >= s.length();
        }

        int position() {
            return i + 1;
        }

        boolean skip(String text) {
            if (s.startsWith(text, i)) {
                i += text.length();
                return true;
            }
            return false;
        }

        void expect(String text) {
            if (!skip(text)) {
                throw new IllegalArgumentException("expected '" + text + "' at column " + position());
            }
        }

        String until(char c) {
            int end = s.indexOf(c, i);
            if (end < 0) {
                throw new IllegalArgumentException("expected '" + c + "' after column " + position());
            }
            String text = s.substring(i, end);
            i = end;
            return text;
        }

        void untilText(String text) {
            int end = s.indexOf(text, i);
            if (end < 0) {
                throw new IllegalArgumentException("expected '" + text + "' after column " + position());
            }
            i = end;
        }

        TableName qualifiedName() {
            String schema = identifier();
            expect(".");
            return new TableName(schema, identifier());
        }

        /** A plain identifier, or a double-quoted one with {@code ""} for a quote. */
        String identifier() {
            if (!skip("\"")) {
                int start = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_'
                        || s.charAt(i) == '$')) {
                    i++;
                }
                if (i == start) {
                    throw new IllegalArgumentException("expected a name at column " + position());
                }
                return s.substring(start, i);
            }
            return quoted('"');
        }

        /** A value: single-quoted with {@code ''} for a quote, or a bare word (numbers, null, unchanged-toast-datum). */
        String value() {
            if (skip("'")) {
                return quoted('\'');
            }
            int start = i;
            while (i < s.length() && s.charAt(i) != ' ') {
                i++;
            }
            return s.substring(start, i);
        }

        private String quoted(char quote) {
            StringBuilder text = new StringBuilder();
            while (true) {
                if (i >= s.length()) {
                    throw new IllegalArgumentException("unterminated " + quote + " quote");
                }
                char c = s.charAt(i++);
                if (c != quote) {
                    text.append(c);
                } else if (i < s.length() && s.charAt(i) == quote) {
                    text.append(quote);
                    i++;
                } else {
                    return text.toString();
                }
            }
        }
    }
}
