package dev.ferry.steps;

import dev.ferry.plan.StepSpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Reads step options the StepSpec helpers do not cover (durations, lists), with fallbacks for absent options. */
final class StepOptions {
    private StepOptions() {
    }

    static Duration duration(StepSpec spec, String key, Duration fallback) {
        Object value = spec.options().get(key);
        if (value instanceof Duration d) {
            return d;
        }
        if (value instanceof Number n) {
            return Duration.ofSeconds(n.longValue());
        }
        if (value instanceof String s && !s.isBlank()) {
            return parse(s.strip());
        }
        return fallback;
    }

    static List<String> list(StepSpec spec, String key, List<String> fallback) {
        Object value = spec.options().get(key);
        if (value instanceof List<?> items) {
            return items.stream().map(String::valueOf).toList();
        }
        if (value instanceof String s && !s.isBlank()) {
            return Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
        }
        return fallback;
    }

    /** {@code PT10M}, {@code 10m}, {@code 90s}, {@code 2h}, or plain seconds. */
    private static Duration parse(String text) {
        String s = text.toLowerCase(Locale.ROOT);
        if (s.startsWith("pt") || s.startsWith("p")) {
            return Duration.parse(text.toUpperCase(Locale.ROOT));
        }
        char unit = s.charAt(s.length() - 1);
        if (Character.isDigit(unit)) {
            return Duration.ofSeconds(Long.parseLong(s));
        }
        long amount = Long.parseLong(s.substring(0, s.length() - 1).strip());
        return switch (unit) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> throw new IllegalArgumentException("not a duration: " + text);
        };
    }
}
