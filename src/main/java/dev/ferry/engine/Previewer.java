package dev.ferry.engine;

import dev.ferry.step.StepContext;
import dev.ferry.step.Step;
import dev.ferry.step.Action;
import dev.ferry.state.ActionRecord;
import dev.ferry.state.RunState;
import dev.ferry.state.StepRecord;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds the dry run: each step's actions and rollback, with its status computed from the plan plus state. */
public final class Previewer {
    private Previewer() {
    }

    public static List<StepPreview> preview(Migration migration) {
        RunState state = migration.state();
        return migration.steps().stream().map(step -> preview(migration, step, state)).toList();
    }

    static StepPreview preview(Migration migration, PlannedStep planned, RunState state) {
        StepContext context = planned.context(migration.plan());
        Step step = planned.step();
        StepRecord record = state.step(planned.id()).orElse(null);
        String status = record == null ? "pending" : record.status().name().toLowerCase(Locale.ROOT).replace('_', '-');
        Map<String, ActionRecord> done = record == null ? Map.of() : record.actions();
        Map<String, ActionRecord> undone = record == null ? Map.of() : record.rollbackActions();
        return new StepPreview(planned.id(), step.title(), status, step.reversibility(), step.downtime(),
                actions(step.actions(context), done), actions(step.rollbackActions(context), undone));
    }

    private static List<StepPreview.ActionPreview> actions(List<Action> actions, Map<String, ActionRecord> records) {
        return actions.stream().map(a -> new StepPreview.ActionPreview(a.name(), a.summary(),
                records.containsKey(a.name()) && records.get(a.name()).isDone() ? "done" : "pending", a.effects())).toList();
    }
}
