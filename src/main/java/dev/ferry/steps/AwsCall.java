package dev.ferry.steps;

import dev.ferry.step.AwsRequest;
import dev.ferry.step.SdkCall;
import dev.ferry.step.Effect;
import dev.ferry.step.Redacted;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
        Effect.Kind kind = READ.matcher(call.operation()).matches() ? Effect.Kind.CHECK : Effect.Kind.AWS_CALL;
        return new Effect(kind, text, masked(call));
    }

    /** The call as the JSON plan shows it: every value masked as the text masks it, an env map kept a map. */
    @SuppressWarnings("unchecked")
    static SdkCall masked(SdkCall call) {
        List<Map.Entry<String, Object>> parameters = new ArrayList<>();
        for (Map.Entry<String, Object> parameter : call.parameters()) {
            Object value = parameter.getValue() instanceof Map<?, ?> env
                    ? maskedEnvironment((Map<String, String>) env) : Redacted.urls(String.valueOf(parameter.getValue()));
            parameters.add(new AbstractMap.SimpleImmutableEntry<>(parameter.getKey(), value));
        }
        return new SdkCall(call.operation(), List.copyOf(parameters), call.condition());
    }

    private static Map<String, String> maskedEnvironment(Map<String, String> env) {
        Map<String, String> masked = new LinkedHashMap<>();
        env.forEach((k, v) -> masked.put(k, safeValue(k, v)));
        return masked;
    }

    /**
     * The read that proves {@code what} is this plan's before ferry deletes or changes it: without the plan's tag,
     * nothing is deleted or changed.
     */
    static Effect ownerCheck(PlanNames names, String what, String operation, Object... arguments) {
        SdkCall call = SdkCall.of(operation, arguments).when(what + " must be tagged " + names.tagText());
        return new Effect(Effect.Kind.CHECK, text(call), masked(call));
    }

    /**
     * A Route 53 record change: {@code route53:ChangeResourceRecordSets(HostedZoneId=Z, UPSERT name type value)};
     * {@code note}, when set, follows as a comment.
     */
    static Effect dns(String hostedZoneId, String action, String record, String note) {
        String text = "route53:ChangeResourceRecordSets(HostedZoneId=" + hostedZoneId + ", " + action + " " + record + ")";
        SdkCall call = SdkCall.of("route53:ChangeResourceRecordSets", "HostedZoneId", hostedZoneId, "Action", action,
                "Record", record);
        return Effect.dns(note == null ? text : text + "  # " + note, masked(note == null ? call : call.when(note)));
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
