package dev.ferry.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${env:NAME}} and {@code ${env:NAME:-default}} in plan scalars from an environment map.
 * {@code $${env:...}} stands for the literal text {@code ${env:...}}. Other {@code ${...}} text (shell variables in
 * hook commands) is left alone.
 */
public final class Interpolation {
    private static final Pattern REFERENCE =
            Pattern.compile("\\$?\\$\\{env:([^}:]*)(?::-([^}]*))?}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern UNTERMINATED = Pattern.compile("(?<!\\$)\\$\\{env:[^}]*$");

    private final Map<String, String> environment;

    public Interpolation(Map<String, String> environment) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
    }

    /** The outcome: the resolved text, or null with the reasons it could not be resolved. */
    public record Result(String value, List<String> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    public Result resolve(String text) {
        List<String> errors = new ArrayList<>();
        if (UNTERMINATED.matcher(text).find()) {
            errors.add("'${env:' is not closed with '}'; write ${env:NAME} or ${env:NAME:-default}");
        }
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(replacement(m, errors)));
        }
        m.appendTail(out);
        return errors.isEmpty() ? new Result(out.toString(), List.of()) : new Result(null, List.copyOf(errors));
    }

    /** The variable names {@code text} refers to, without resolving them. */
    public static List<String> referencedNames(String text) {
        List<String> names = new ArrayList<>();
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) {
            if (!m.group().startsWith("$$")) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private String replacement(Matcher m, List<String> errors) {
        if (m.group().startsWith("$$")) {
            return m.group().substring(1);
        }
        String name = m.group(1);
        String fallback = m.group(2);
        if (!NAME.matcher(name).matches()) {
            errors.add("'" + name + "' in " + m.group() + " is not a valid environment variable name;"
                    + " expected letters, digits and '_', not starting with a digit");
            return "";
        }
        String value = environment.get(name);
        // like the shell's ${X:-d}: the default also replaces a variable that is set but empty
        if (value != null && !(value.isEmpty() && fallback != null)) {
            return value;
        }
        if (fallback != null) {
            return fallback;
        }
        errors.add("environment variable '" + name + "' is not set; export it or write ${env:" + name
                + ":-default}");
        return "";
    }
}
