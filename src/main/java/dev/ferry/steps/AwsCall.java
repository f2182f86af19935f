package dev.ferry.steps;

import dev.ferry.step.AwsRequest;
import dev.ferry.step.SdkCall;
import dev.ferry.step.Effect;
import dev.ferry.step.Redacted;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Preview text of AWS SDK calls: {@code service:Operation(Key=value, ...)}, with secret values masked. A typed
 * {@link AwsRequest} renders from the fields the call is made with; the loose {@link #of(String, Object...)} remains
 * for calls whose port method takes no request yet.
 */
final class AwsCall {
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|TOKEN|CREDENTIAL|PRIVATE|_KEY).*");

    private AwsCall() {
    }

    private static final Pattern READ = Pattern.compile("[a-z0-9]+:(Describe|Get|List)[A-Za-z]*");

    /** {@code arguments} alternate names and values. A read (Describe/Get/List) is a check: it changes nothing. */
    static Effect of(String operation, Object... arguments) {
        return of(SdkCall.of(operation, arguments));
    }

    /** One effect per SDK call the requests make, in call order. */
    static List<Effect> of(AwsRequest... requests) {
        return Arrays.stream(requests).flatMap(r -> r.calls().stream()).map(AwsCall::of).toList();
    }

    static Effect of(SdkCall call) {
        String text = text(call);
        return READ.matcher(call.operation()).matches() ? Effect.check(text) : Effect.aws(text);
    }

    /**
     * The read that proves {@code what} is this plan's before ferry deletes or changes it: without the plan's tag,
     * nothing is deleted or changed.
     */
    static Effect ownerCheck(PlanNames names, String what, String operation, Object... arguments) {
        return Effect.check(text(SdkCall.of(operation, arguments)) + "  # " + what + " must be tagged "
                + names.tagText());
    }

    static String text(SdkCall call) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Object> parameter : call.parameters()) {
            parts.add(parameter.getKey() + "=" + shown(parameter.getValue()));
        }
        String text = call.operation() + "(" + String.join(", ", parts) + ")";
        return call.condition() == null ? text : text + "  # " + call.condition();
    }

    @SuppressWarnings("unchecked")
    private static String shown(Object value) {
        return value instanceof Map<?, ?> env ? environment((Map<String, String>) env)
                : Redacted.urls(String.valueOf(value));
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
