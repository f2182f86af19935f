package dev.ferry.engine;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Map;

/**
 * Text for an output that cannot show Unicode ({@code LANG=C}): the symbols ferry prints become ASCII look-alikes
 * ({@code → ->}) instead of the {@code ?} the JVM would print, accents are dropped, anything else becomes {@code ?}.
 */
public final class Ascii {
    private static final Map<Integer, String> LOOK_ALIKES = Map.ofEntries(
            Map.entry((int) '→', "->"), Map.entry((int) '←', "<-"), Map.entry((int) '⇄', "<->"),
            Map.entry((int) '↔', "<->"), Map.entry((int) '✗', "x"), Map.entry((int) '✓', "ok"),
            Map.entry((int) '⚠', "!"), Map.entry((int) '—', "--"), Map.entry((int) '–', "-"),
            Map.entry((int) '…', "..."), Map.entry((int) '·', "-"), Map.entry((int) '•', "*"),
            Map.entry((int) '×', "x"), Map.entry((int) '≥', ">="), Map.entry((int) '≤', "<="),
            Map.entry((int) '≠', "!="), Map.entry((int) '“', "\""), Map.entry((int) '”', "\""),
            Map.entry((int) '‘', "'"), Map.entry((int) '’', "'"), Map.entry((int) ' ', " "),
            Map.entry((int) '§', "S"), Map.entry((int) '°', " deg"));

    private Ascii() {
    }

    public static String of(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.append(of(c)));
        return out.toString();
    }

    public static String of(int codePoint) {
        if (codePoint < 0x80) {
            return Character.toString(codePoint);
        }
        String lookAlike = LOOK_ALIKES.get(codePoint);
        if (lookAlike != null) {
            return lookAlike;
        }
        String stripped = Normalizer.normalize(Character.toString(codePoint), Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "");
        return stripped.chars().allMatch(ch -> ch < 0x80) && !stripped.isEmpty() ? stripped : "?";
    }

    /** Wraps {@code out}: UTF-8 bytes written to the result reach {@code out} as {@link #of(int) ASCII}. */
    public static OutputStream stream(OutputStream out) {
        return new OutputStream() {
            private final byte[] pending = new byte[4];
            private int have;
            private int need;

            @Override
            public void write(int b) throws IOException {
                if (need == 0) {
                    if ((b & 0x80) == 0) {
                        out.write(b);
                        return;
                    }
                    need = (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 1;
                    have = 0;
                }
                pending[have++] = (byte) b;
                if (have == need) {
                    String decoded = new String(pending, 0, have, StandardCharsets.UTF_8);
                    out.write(of(decoded).getBytes(StandardCharsets.US_ASCII));
                    need = 0;
                }
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }
        };
    }
}
