package dev.ferry.steps;

import dev.ferry.step.Effect;
import dev.ferry.step.Redacted;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Preview text of AWS SDK calls: {@code service:Operation(Key=value, ...)}, with secret values masked. */
final class AwsCall {
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|TOKEN|CREDENTIAL|PRIVATE|_KEY).*");

    private AwsCall() {
    }

    private static final Pattern READ = Pattern.compile("[a-z0-9]+:(Describe|Get|List)[A-Za-z]*");

    /** {@code arguments} alternate names and values. A read (Describe/Get/List) is a check: it changes nothing. */
    static Effect of(String operation, Object... arguments) {
        String text = text(operation, arguments);
        return READ.matcher(operation).matches() ? Effect.check(text) : Effect.aws(text);
    }

    /**
     * The read that proves {@code what} is this plan's before ferry deletes or changes it: without the plan's tag,
     * nothing is deleted or changed.
     */
    static Effect ownerCheck(PlanNames names, String what, String operation, Object... arguments) {
        return Effect.check(text(operation, arguments) + "  # " + what + " must be tagged " + names.tagText());
    }

    private static String text(String operation, Object... arguments) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i + 1 < arguments.length; i += 2) {
            parts.add(arguments[i] + "=" + Redacted.urls(String.valueOf(arguments[i + 1])));
        }
        return operation + "(" + String.join(", ", parts) + ")";
    }

    /** An env map as {@code {K=v, ...}}; values of secret-looking names are masked, URL passwords too. */
    static String environment(Map<String, String> env) {
        return env.entrySet().stream()
                .map(e -> e.getKey() + "=" + safeValue(e.getKey(), e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    static String safeValue(String name, String value) {
        return SECRET_NAME.matcher(name.toUpperCase(Locale.ROOT)).matches() ? Redacted.MASK : Redacted.urls(value);
    }

    static String tags(PlanNames names) {
        return "[" + names.tagText() + "]";
    }
}
