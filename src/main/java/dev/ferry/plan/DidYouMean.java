package dev.ferry.plan;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Suggests the closest known word for a misspelt one (Levenshtein distance, case-insensitive). */
public final class DidYouMean {

    private DidYouMean() {
    }

    /** The closest candidate, if it is close enough to be a plausible typo. */
    public static Optional<String> suggest(String typed, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(typed.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        if (best != null && bestDistance <= Math.max(2, best.length() / 3)) {
            return Optional.of(best);
        }
        return candidates.stream().filter(c -> abbreviates(typed, c)).findFirst();
    }

    /** "backupDirectory" for "backupDir", "db" for "database": one spelling is the start of the other. */
    private static boolean abbreviates(String typed, String candidate) {
        String a = typed.toLowerCase(Locale.ROOT);
        String b = candidate.toLowerCase(Locale.ROOT);
        return Math.min(a.length(), b.length()) >= 4 && (a.startsWith(b) || b.startsWith(a));
    }

    /** "; did you mean 'x'?" or "; expected one of a, b, c" — the tail of an "unknown ..." message. */
    public static String hint(String typed, Collection<String> candidates) {
        return suggest(typed, candidates)
                .map(s -> "; did you mean '" + s + "'?")
                .orElseGet(() -> candidates.isEmpty() ? "" : "; expected one of " + String.join(", ", candidates));
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
