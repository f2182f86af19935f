package dev.ferry.cli;

import dev.ferry.engine.Migration;
import dev.ferry.engine.Previewer;
import dev.ferry.engine.StepPreview;
import dev.ferry.state.Json;
import dev.ferry.wiring.Wiring;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "plan", description = "Dry run: every action of the remaining steps and of their rollbacks. Changes nothing.")
final class PlanCommand implements Callable<Integer> {
    private final Console console;
    private final Wiring wiring;
    @Mixin PlanOptions planOptions;
    @Mixin OutputOptions output;

    @Option(names = "--detail", description = "every command whole, unwrapped, and every rollback action (by default"
            + " commands are wrapped to the terminal width and cut after " + PlanView.KEPT_LINES + " lines, rollbacks"
            + " folded to their action names, each saying how many lines it leaves out)")
    boolean detail;

    PlanCommand(Console console, Wiring wiring) {
        this.console = console;
        this.wiring = wiring;
    }

    @Override
    public Integer call() throws Exception {
        Migration migration = planOptions.migration(wiring, console);
        List<StepPreview> steps = Previewer.preview(migration);
        if (output.json()) {
            console.out().println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(
                    PlanJson.document(migration.plan().name(), migration.planDigest(),
                            migration.plan().source().host(), steps)));
        } else {
            new PlanView(console.out(), output.ansi(console), console.unicode(), OutputOptions.width(console), detail)
                    .plan(migration.plan().name(), steps);
        }
        return 0;
    }
}
