package dev.ferry.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of the plan's ordered {@code steps}. {@code options} are step-specific and already type-checked by the
 * loader; steps read them through {@code steps/StepOptions}, which takes type and default from
 * {@link StepCatalog}. Hook steps ({@code kind: hook}) carry their own actions as local shell commands.
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
}
