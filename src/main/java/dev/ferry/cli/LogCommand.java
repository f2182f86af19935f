package dev.ferry.cli;

import dev.ferry.engine.Migration;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.state.Json;
import dev.ferry.state.JournalEntry;
import dev.ferry.wiring.Wiring;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "log", description = "The journal: every action's start and end, with timings.")
final class LogCommand implements Callable<Integer> {
    private final Console console;
    private final Wiring wiring;
    @Mixin PlanOptions planOptions;
    @Mixin OutputOptions output;

    @Option(names = "--step", paramLabel = "STEP", description = "only this step's entries")
    String step;

    LogCommand(Console console, Wiring wiring) {
        this.console = console;
        this.wiring = wiring;
    }

    @Override
    public Integer call() throws Exception {
        Migration migration = planOptions.migration(wiring, console);
        Flags.requireStep("--step", step, migration);
        List<JournalEntry> entries = migration.journal().read().stream()
                .filter(e -> step == null || step.equals(e.step())).toList();
        for (JournalEntry e : entries) {
            if (output.json()) {
                ObjectNode line = Json.mapper().createObjectNode().put("format_version", OutputOptions.FORMAT_VERSION);
                line.setAll((ObjectNode) Json.mapper().valueToTree(e));
                console.out().println(Json.mapper().writeValueAsString(line));
                continue;
            }
            StringBuilder line = new StringBuilder(e.time().toString()).append("  ").append(e.runId()).append("  ")
                    .append(e.event());
            if (e.step() != null) {
                line.append("  ").append(e.step());
            }
            if (e.action() != null) {
                line.append(" / ").append(e.phase()).append(" ").append(e.action());
            }
            if (e.durationMs() != null) {
                line.append(String.format("  (%.1fs)", e.durationMs() / 1000.0));
            }
            if (e.message() != null) {
                line.append("  ").append(e.message());
            }
            console.out().println(line);
        }
        return 0;
    }
}
