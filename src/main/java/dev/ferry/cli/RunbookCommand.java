package dev.ferry.cli;

import dev.ferry.step.Effect;
import dev.ferry.engine.Migration;
import dev.ferry.engine.Previewer;
import dev.ferry.engine.StepPreview;
import dev.ferry.pictures.TopologySection;
import dev.ferry.plan.Plan;
import dev.ferry.wiring.Wiring;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "runbook", description = "Write a Markdown runbook of the plan with its resolved values.")
final class RunbookCommand implements Callable<Integer> {
    private final Console console;
    private final Wiring wiring;
    @Mixin PlanOptions planOptions;

    @Option(names = "--out", paramLabel = "FILE", description = "write to FILE instead of standard output")
    Path out;

    RunbookCommand(Console console, Wiring wiring) {
        this.console = console;
        this.wiring = wiring;
    }

    @Override
    public Integer call() throws Exception {
        Migration migration = planOptions.migration(wiring, console);
        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
        write(migration.plan(), Previewer.preview(migration), new PrintStream(buffer, true, StandardCharsets.UTF_8));
        if (out == null) {
            console.out().print(buffer.toString(StandardCharsets.UTF_8));
        } else {
            Files.writeString(out, buffer.toString(StandardCharsets.UTF_8));
            console.out().println("runbook written to " + out);
        }
        return 0;
    }

    static void write(Plan plan, List<StepPreview> steps, PrintStream md) {
        md.println("# Runbook: " + plan.name());
        md.println();
        md.println("Source host `" + plan.source().user() + "@" + plan.source().host() + "`, compose project `"
                + plan.compose().directory() + "`; target region `" + plan.target().region() + "`, ECS cluster `"
                + plan.target().ecs().cluster() + "`, domain `" + plan.edge().domain() + "`.");
        md.println();
        md.println("| # | step | reversible | downtime | status |");
        md.println("|---|------|------------|----------|--------|");
        for (int i = 0; i < steps.size(); i++) {
            StepPreview s = steps.get(i);
            md.println("| " + (i + 1) + " | " + s.id() + " | " + s.reversibility().name().toLowerCase().replace('_', ' ')
                    + " | " + (s.downtime() ? "yes" : "no") + " | " + s.status() + " |");
        }
        for (StepPreview s : steps) {
            md.println();
            md.println("## " + s.id() + ": " + s.title());
            md.println();
            md.println("Manual checks and undo: see `runbooks/" + s.id() + ".md`.");
            md.println();
            md.print(TopologySection.markdown(plan, s.id(), "### Topology"));
            section("Apply", s.actions(), md);
            section("Roll back", s.rollback(), md);
        }
    }

    private static void section(String heading, List<StepPreview.ActionPreview> actions, PrintStream md) {
        md.println();
        md.println("### " + heading);
        if (actions.isEmpty()) {
            md.println();
            md.println("None: this step is one-way.");
            return;
        }
        for (StepPreview.ActionPreview a : actions) {
            md.println();
            md.println("- [ ] **" + a.name() + "**: " + a.summary());
            for (Effect e : a.effects()) {
                md.println("  - " + e.kind().name().toLowerCase().replace('_', ' ') + ": `" + e.text().replace("`", "'") + "`");
            }
        }
    }
}
