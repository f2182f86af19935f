package dev.ferry.cli;

import dev.ferry.engine.Migration;
import dev.ferry.engine.PreviewText;
import dev.ferry.engine.Previewer;
import dev.ferry.engine.StepPreview;
import dev.ferry.state.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "plan", description = "Dry run: every action of the remaining steps and of their rollbacks. Changes nothing.")
final class PlanCommand implements Callable<Integer> {
    private final Console console;
    @Mixin PlanOptions planOptions;
    @Mixin OutputOptions output;

    PlanCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() throws Exception {
        Migration migration = Wiring.migration(planOptions, console);
        List<StepPreview> steps = Previewer.preview(migration);
        if (output.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("plan", migration.plan().name());
            doc.put("digest", migration.planDigest());
            doc.put("steps", steps);
            console.out().println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc));
        } else {
            PreviewText.plan(migration.plan().name(), steps, console.out());
        }
        return 0;
    }
}
