package dev.ferry.cli;

import dev.ferry.engine.Change;
import dev.ferry.engine.PlanSummary;
import dev.ferry.engine.StepPreview;
import dev.ferry.step.Effect;
import dev.ferry.step.SdkCall;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ferry plan -o json}: the steps as before, each effect structured (an AWS call's service, operation and
 * parameters, a remote command's host and command) next to its text, and the summary counts. Values are masked
 * exactly as in the text.
 */
final class PlanJson {
    private PlanJson() {
    }

    static Map<String, Object> document(String plan, String digest, String sourceHost, List<StepPreview> steps) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format_version", OutputOptions.FORMAT_VERSION);
        doc.put("plan", plan);
        doc.put("digest", digest);
        PlanSummary summary = PlanSummary.of(steps);
        doc.put("summary", Map.of("text", summary.line(), "apply", counts(summary.apply()),
                "rollback", counts(summary.rollback())));
        doc.put("steps", steps.stream().map(s -> step(s, sourceHost)).toList());
        return doc;
    }

    private static Map<String, Integer> counts(Map<Change, Integer> counts) {
        Map<String, Integer> named = new LinkedHashMap<>();
        for (Change change : Change.values()) {
            named.put(change.key(), counts.getOrDefault(change, 0));
        }
        return named;
    }

    private static Map<String, Object> step(StepPreview step, String host) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", step.id());
        doc.put("title", step.title());
        doc.put("status", step.status());
        doc.put("reversibility", step.reversibility().name());
        doc.put("downtime", step.downtime());
        doc.put("actions", step.actions().stream().map(a -> action(a, host)).toList());
        doc.put("rollback", step.rollback().stream().map(a -> action(a, host)).toList());
        return doc;
    }

    private static Map<String, Object> action(StepPreview.ActionPreview action, String host) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", action.name());
        doc.put("summary", action.summary());
        doc.put("status", action.status());
        doc.put("effects", action.effects().stream().map(e -> effect(e, host)).toList());
        return doc;
    }

    static Map<String, Object> effect(Effect effect, String host) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("kind", effect.kind().name().toLowerCase(Locale.ROOT));
        doc.put("change", Change.of(effect).key());
        if (effect.call() != null) {
            call(effect.call(), doc);
        } else if (effect.kind() == Effect.Kind.REMOTE_COMMAND) {
            doc.put("host", host);
            doc.put("command", effect.text());
        } else if (effect.kind() == Effect.Kind.LOCAL_COMMAND) {
            doc.put("command", effect.text());
        }
        doc.put("text", effect.text());
        return doc;
    }

    private static void call(SdkCall call, Map<String, Object> doc) {
        int colon = call.operation().indexOf(':');
        doc.put("service", call.operation().substring(0, colon));
        doc.put("operation", call.operation().substring(colon + 1));
        Map<String, Object> parameters = new LinkedHashMap<>();
        call.parameters().forEach(p -> parameters.put(p.getKey(), p.getValue()));
        doc.put("parameters", parameters);
        if (call.condition() != null) {
            doc.put("condition", call.condition());
        }
    }
}
