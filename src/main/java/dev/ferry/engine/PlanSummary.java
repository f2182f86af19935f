package dev.ferry.engine;

import dev.ferry.step.Effect;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The counts of a dry run by {@link Change}: what applying the remaining steps would do (actions already done and
 * steps already applied or skipped are not counted), and what rolling all of them back would do.
 */
public record PlanSummary(int steps, Map<Change, Integer> apply, Map<Change, Integer> rollback) {

    public static PlanSummary of(List<StepPreview> steps) {
        Map<Change, Integer> apply = new EnumMap<>(Change.class);
        Map<Change, Integer> rollback = new EnumMap<>(Change.class);
        for (StepPreview step : steps) {
            if (!finished(step)) {
                count(step.actions(), apply);
            }
            count(step.rollback(), rollback);
        }
        return new PlanSummary(steps.size(), apply, rollback);
    }

    static boolean finished(StepPreview step) {
        return step.status().equals("applied") || step.status().equals("skipped");
    }

    private static void count(List<StepPreview.ActionPreview> actions, Map<Change, Integer> into) {
        for (StepPreview.ActionPreview action : actions) {
            if (!action.status().equals("done")) {
                for (Effect effect : action.effects()) {
                    into.merge(Change.of(effect), 1, Integer::sum);
                }
            }
        }
    }

    /** {@code Plan: 9 steps, 23 to create, 4 to modify, 6 to delete, 31 remote commands, 2 DNS changes.} */
    public String line() {
        return "Plan: " + steps + (steps == 1 ? " step, " : " steps, ") + counts(apply, true) + ".";
    }

    /** {@code Rollback of all of them: ...}. */
    public String rollbackLine() {
        return "Rollback (if needed): " + counts(rollback, false) + ".";
    }

    /** Creates, modifies and deletes always; the other kinds when there are any; checks and waits never. */
    private static String counts(Map<Change, Integer> counts, boolean always) {
        List<String> parts = new ArrayList<>();
        for (Change change : Change.values()) {
            int n = counts.getOrDefault(change, 0);
            boolean aws = change == Change.CREATE || change == Change.MODIFY || change == Change.DELETE;
            if (change != Change.NONE && (n > 0 || aws && always)) {
                parts.add(change.count(n));
            }
        }
        return parts.isEmpty() ? "no changes" : String.join(", ", parts);
    }
}
