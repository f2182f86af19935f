package dev.ferry.cli;

import dev.ferry.doctor.SlotReport;
import dev.ferry.engine.Migration;
import dev.ferry.engine.PlannedStep;
import dev.ferry.pictures.ReportPage;
import dev.ferry.pictures.RunTimeline;
import dev.ferry.pictures.Timeline;
import dev.ferry.state.Json;
import dev.ferry.state.RunState;
import dev.ferry.state.StepRecord;
import dev.ferry.state.StepStatus;
import dev.ferry.plan.StepIds;
import dev.ferry.wiring.Wiring;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "status", description = "Each step's state, timings and outputs, computed from the plan plus state.")
final class StatusCommand implements Callable<Integer> {
    private final Console console;
    private final Wiring wiring;
    @Mixin PlanOptions planOptions;
    @Mixin OutputOptions output;

    @Option(names = "--report", paramLabel = "FILE",
            description = "also write FILE: one self-contained HTML page with the timeline of the run (steps, rollbacks,"
                    + " failures), from the state and journal")
    Path report;

    StatusCommand(Console console, Wiring wiring) {
        this.console = console;
        this.wiring = wiring;
    }

    /** One row of the status table. */
    record StepStatusRow(String step, String status, String startedAt, Long durationMs, Map<String, String> outputs, String error) {
    }

    @Override
    public Integer call() throws Exception {
        Migration migration = planOptions.migration(wiring, console);
        RunState state = migration.state();
        List<StepStatusRow> rows = new ArrayList<>();
        for (PlannedStep step : migration.steps()) {
            rows.add(state.step(step.id()).map(r -> row(step.id(), r))
                    .orElse(new StepStatusRow(step.id(), "pending", null, null, Map.of(), null)));
        }
        Object lock = migration.stateBackend().lockHolder().orElse(null);
        String slot = replicationSlot(migration, state);
        if (report != null) {
            writeReport(migration, state);
        }
        if (output.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("format_version", OutputOptions.FORMAT_VERSION);
            doc.put("plan", migration.plan().name());
            doc.put("lineage", migration.hasState() ? state.lineage() : null);
            doc.put("serial", state.serial());
            doc.put("pausedAfter", state.pausedAfter());
            doc.put("lock", lock);
            doc.put("steps", rows);
            if (slot != null) {
                doc.put("replicationSlot", slot);
            }
            console.out().println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc));
            return 0;
        }
        text(migration, state, rows, lock, console.out());
        if (slot != null) {
            console.out().println(slot);
        }
        return 0;
    }

    /**
     * For a replicate plan whose move-database started and neither dropped its replication nor was rolled back, and
     * which is not decommissioned: ferry's slot on the source, if one exists (a slot left behind fills the host's
     * disk). Null otherwise, without connecting.
     */
    private static String replicationSlot(Migration migration, RunState state) {
        boolean started = state.step(StepIds.MOVE_DATABASE).map(r -> r.status() != StepStatus.ROLLED_BACK
                && !(r.status() == StepStatus.APPLIED && r.outputs().containsKey("replicationDroppedAt"))).orElse(false);
        boolean decommissioned = state.step(StepIds.DECOMMISSION).map(r -> r.status() == StepStatus.APPLIED).orElse(false);
        if (!started || decommissioned || !SlotReport.applies(migration.plan())) {
            return null;
        }
        return SlotReport.line(migration.plan(), migration.adapters().hosts()).orElse(null);
    }

    private void writeReport(Migration migration, RunState state) throws java.io.IOException {
        List<String> order = migration.steps().stream().map(PlannedStep::id).toList();
        List<String> facts = List.of(migration.hasState()
                ? "state serial " + state.serial() + ", lineage " + state.lineage() : "never run");
        ReportPage.write(Timeline.ofSteps("ferry status: plan " + migration.plan().name(), facts,
                RunTimeline.lanes(order, state, migration.journal().read())), report);
        console.err().println("report written to " + report);
    }

    private static StepStatusRow row(String id, StepRecord r) {
        Duration elapsed = r.elapsed();
        return new StepStatusRow(id, r.status().name().toLowerCase().replace('_', '-'),
                r.startedAt() == null ? null : r.startedAt().toString(), elapsed == null ? null : elapsed.toMillis(),
                r.outputs(), r.error());
    }

    private static void text(Migration migration, RunState state, List<StepStatusRow> rows, Object lock, PrintStream out) {
        out.println("plan " + migration.plan().name() + (migration.hasState()
                ? " (state serial " + state.serial() + ", lineage " + state.lineage() + ")" : " (never run)"));
        if (state.pausedAfter() != null) {
            out.println("paused after " + state.pausedAfter() + "; continue with `ferry resume PLAN`");
        }
        if (lock != null) {
            out.println("locked: " + lock);
        }
        List<List<String>> cells = new ArrayList<>();
        cells.add(List.of("STEP", "STATUS", "STARTED", "DURATION"));
        for (StepStatusRow row : rows) {
            cells.add(List.of(row.step(), row.status(), row.startedAt() == null ? "-" : row.startedAt(),
                    row.durationMs() == null ? "-"
                            : String.format(java.util.Locale.ROOT, "%.1fs", row.durationMs() / 1000.0)));
        }
        List<String> lines = table(cells);
        out.println(lines.get(0));
        for (int i = 0; i < rows.size(); i++) {
            StepStatusRow row = rows.get(i);
            out.println(lines.get(i + 1));
            row.outputs().forEach((k, v) -> out.println("    " + k + " = " + v));
            if (row.error() != null) {
                out.println("    error: " + row.error());
            }
        }
    }

    /** Columns as wide as their widest cell (in terminal columns, so unicode lines up), two spaces apart. */
    static List<String> table(List<List<String>> cells) {
        int[] widths = new int[cells.get(0).size()];
        for (List<String> row : cells) {
            for (int c = 0; c < row.size(); c++) {
                widths[c] = Math.max(widths[c], TextWidth.of(row.get(c)));
            }
        }
        List<String> lines = new ArrayList<>();
        for (List<String> row : cells) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.size(); c++) {
                line.append(c == row.size() - 1 ? row.get(c) : TextWidth.pad(row.get(c), widths[c]) + "  ");
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }
}
