package dev.ferry.aws;

import dev.ferry.step.AwsPorts;
import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The tags ferry puts on everything it creates. {@code ferry:plan} is the ownership mark: an existing resource with
 * the same name is adopted only when it carries this plan's mark, and it is deleted or changed only when it does.
 */
record PlanTags(Map<String, String> values) {
    static final String PLAN_KEY = "ferry:plan";

    PlanTags {
        if (values == null || values.get(PLAN_KEY) == null || values.get(PLAN_KEY).isBlank()) {
            throw new IllegalArgumentException("tags must include " + PLAN_KEY);
        }
        values = Map.copyOf(values);
    }

    static PlanTags of(Map<String, String> tags) {
        return new PlanTags(tags);
    }

    String plan() {
        return values.get(PLAN_KEY);
    }

    /** The tags in a service's own tag type, e.g. {@code as((k, v) -> Tag.builder().key(k).value(v).build())}. */
    <T> List<T> as(BiFunction<String, String, T> tag) {
        return values.entrySet().stream().map(e -> tag.apply(e.getKey(), e.getValue())).toList();
    }

    static <T> Map<String, String> toMap(Collection<T> tags, Function<T, String> key, Function<T, String> value) {
        Map<String, String> map = new LinkedHashMap<>();
        if (tags != null) {
            tags.forEach(tag -> map.put(key.apply(tag), value.apply(tag)));
        }
        return map;
    }

    /** Allows adopting {@code name} only if it is tagged for this plan; otherwise stops with what to do. */
    void requireAdoptable(AwsService service, String kind, String name, Map<String, String> existing) {
        String owner = existing.get(PLAN_KEY);
        if (plan().equals(owner)) {
            return;
        }
        String found = owner == null ? "is not tagged " + PLAN_KEY : "belongs to plan '" + owner + "'";
        throw FerryException.advised(ErrorCode.STEP_FAILED, service.displayName() + " " + kind + " '" + name
                + "' already exists and " + found + "; ferry adopts only resources tagged " + PLAN_KEY + "=" + plan()
                + ". Choose another name in the plan, or, if it really belongs to this migration, tag it "
                + PLAN_KEY + "=" + plan() + " and run again");
    }

    /** What ferry is about to do to a resource it must own; it names the refusal. */
    enum Touch {
        DELETE("delete", "deleted"), CHANGE("change", "changed");

        private final String verb;
        private final String done;

        Touch(String verb, String done) {
            this.verb = verb;
            this.done = done;
        }
    }

    /**
     * Allows deleting or changing {@code name} only if it is tagged {@code ferry:plan} with {@code owner}'s plan, so a
     * rollback of one plan can never remove what another plan (or a person) made under the same name. The refusal
     * states the fact only: the engine adds the next action for the step (roll back again once fixed, or record the
     * step as undone by hand), which this class cannot name.
     */
    static void requireOwned(AwsPorts.Owner owner, Touch touch, AwsService service, String kind, String name,
                             Map<String, String> existing) {
        String found = existing.get(PLAN_KEY);
        if (owner.plan().equals(found)) {
            return;
        }
        String what = service.displayName() + " " + kind + " '" + name + "'";
        String fact = found == null || found.isBlank()
                ? what + " is not tagged " + PLAN_KEY + ", so ferry did not create it and will not " + touch.verb
                        + " it; it was not " + touch.done
                : what + " belongs to plan '" + found + "' (tag " + PLAN_KEY + "=" + found + "), not to '"
                        + owner.plan() + "'; ferry " + touch.verb + "s only what this plan created, so it was not "
                        + touch.done;
        throw new FerryException(ErrorCode.STEP_FAILED, fact);
    }
}
