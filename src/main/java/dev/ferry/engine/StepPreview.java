package dev.ferry.engine;

import dev.ferry.step.Reversibility;
import dev.ferry.step.Effect;
import java.util.List;

/** The dry-run view of one step: what apply and rollback would do, and where the step stands. */
public record StepPreview(
        String id,
        String title,
        String status,
        Reversibility reversibility,
        boolean downtime,
        List<ActionPreview> actions,
        List<ActionPreview> rollback) {

    /** One action; {@code status} is {@code done} when state records it finished, else {@code pending}. */
    public record ActionPreview(String name, String summary, String status, List<Effect> effects) {
    }
}
