package dev.ferry.cli;

import dev.ferry.engine.Migration;
import dev.ferry.engine.PreviewText;
import dev.ferry.engine.Previewer;
import dev.ferry.engine.StepPreview;
import dev.ferry.state.Json;
import dev.ferry.wiring.Wiring;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "plan", description = "Dry run: every action of the remaining steps and of their rollbacks. Changes nothing.")
final class PlanCommand implements Callable<Integer> {
    private final Console console;
    private final Wiring wiring;
    @Mixin PlanOptions planOptions;
    @Mixin OutputOptions output;

    PlanCommand(Console console, Wiring wiring) {
        this.console = console;
        this.wiring = wiring;
    }

    @Override
    public Integer call() throws Exception {
        Migration migration = planOptions.migration(wiring, console);
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
