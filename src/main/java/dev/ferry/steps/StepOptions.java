package dev.ferry.steps;

import dev.ferry.plan.StepCatalog;
import dev.ferry.plan.StepCatalog.OptionSpec;
import dev.ferry.plan.StepCatalog.OptionType;
import dev.ferry.plan.StepSpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one way a step reads its options: each read looks the option up in {@link StepCatalog}, which alone declares
 * its type and default. Reading an option the catalog does not declare for the step (or as another type) is a bug
 * in the step, so it fails at once instead of falling back to a value no plan can change.
 */
final class StepOptions {
    private StepOptions() {
    }

    static int integer(StepSpec spec, String name) {
        return optionalInteger(spec, name).orElseThrow(() -> new IllegalStateException("step " + spec.id()
                + " reads option '" + name + "', which has no value and no default in StepCatalog"));
    }

    /** An integer option whose default is not a constant (the step derives it); empty when the plan leaves it out. */
    static Optional<Integer> optionalInteger(StepSpec spec, String name) {
        Object value = value(spec, name, OptionType.INTEGER);
        return value instanceof Number n ? Optional.of(n.intValue()) : Optional.empty();
    }

    static boolean flag(StepSpec spec, String name) {
        Object value = value(spec, name, OptionType.BOOLEAN);
        if (value instanceof Boolean b) {
            return b;
        }
        throw new IllegalStateException("step " + spec.id() + " reads option '" + name + "', which has no value"
                + " and no default in StepCatalog");
    }

    /** A string option; null when the plan leaves it out and the catalog has no constant default. */
    static String text(StepSpec spec, String name) {
        Object value = value(spec, name, OptionType.STRING);
        return value == null ? null : value.toString();
    }

    static Duration duration(StepSpec spec, String name) {
        Duration value = durationOf(value(spec, name, OptionType.DURATION));
        if (value == null) {
            throw new IllegalStateException("step " + spec.id() + " reads option '" + name + "', which has no value"
                    + " and no default in StepCatalog");
        }
        return value;
    }

    static List<String> list(StepSpec spec, String name) {
        Object value = value(spec, name, OptionType.STRING_LIST);
        if (value instanceof List<?> items) {
            return items.stream().map(String::valueOf).toList();
        }
        if (value instanceof String s && !s.isBlank()) {
            return Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
        }
        return List.of();
    }

    /** The plan's value, else the catalog's default; fails when the catalog does not declare the option so. */
    private static Object value(StepSpec spec, String name, OptionType type) {
        OptionSpec declared = StepCatalog.option(spec.id(), name).orElseThrow(() -> new IllegalStateException(
                "step " + spec.id() + " reads option '" + name + "', which StepCatalog does not declare for it;"
                        + " declare it there (and in plans/schema.json)"));
        if (declared.type() != type) {
            throw new IllegalStateException("step " + spec.id() + " reads option '" + name + "' as " + type
                    + ", but StepCatalog declares it " + declared.type());
        }
        Object value = spec.options().get(name);
        return value != null ? value : declared.defaultValue();
    }

    /** {@code PT10M}, {@code 10m}, {@code 90s}, {@code 2h}, plain seconds, or a Duration; null stays null. */
    static Duration durationOf(Object value) {
        if (value instanceof Duration d) {
            return d;
        }
        if (value instanceof Number n) {
            return Duration.ofSeconds(n.longValue());
        }
        if (value instanceof String s && !s.isBlank()) {
            return parse(s.strip());
        }
        return null;
    }

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
