package dev.ferry.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of the plan's ordered {@code steps}. {@code options} are step-specific and already type-checked by the
 * loader. Hook steps ({@code kind: hook}) carry their own actions as local shell commands.
 */
public record StepSpec(String id, StepKind kind, Map<String, Object> options, List<HookAction> hookActions) {

    public StepSpec {
        options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
        hookActions = List.copyOf(hookActions);
    }

    public enum StepKind { BUILTIN, HOOK }

    /** A hook action: {@code check} exits 0 when it is already done; {@code rollback} may be null. */
    public record HookAction(String name, String check, String apply, String rollback) {
    }

    public String option(String key, String fallback) {
        Object v = options.get(key);
        return v == null ? fallback : v.toString();
    }

    public int intOption(String key, int fallback) {
        Object v = options.get(key);
        return v instanceof Number n ? n.intValue() : fallback;
    }

    public boolean boolOption(String key, boolean fallback) {
        Object v = options.get(key);
        return v instanceof Boolean b ? b : fallback;
    }
}
