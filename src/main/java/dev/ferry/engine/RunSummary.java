package dev.ferry.engine;

import dev.ferry.step.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one {@code run}/{@code resume} did: each step it touched with its result and duration, the wall time, and the
 * app's downtime as ferry's probe measured it ({@code downtime} null when the plan has no edge to probe).
 */
public record RunSummary(String plan, String outcome, Duration wall, List<StepTime> steps, Measured downtime) {

    public record StepTime(String id, String result, Duration took) {
    }

    public record Measured(String url, Duration total, Map<String, Duration> perStep, long probes) {
    }

    public long count(String result) {
        return steps.stream().filter(s -> s.result().equals(result)).count();
    }

    /** The text summary, one fact per line. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add(plan + ": " + outcome + " in " + Progress.elapsed(wall) + " (" + count("applied") + " applied, "
                + count("skipped") + " skipped, " + count("failed") + " failed in this run)");
        for (StepTime s : steps) {
            String down = downtime == null || !downtime.perStep().containsKey(s.id()) ? ""
                    : ", app down " + Progress.elapsed(downtime.perStep().get(s.id()));
            lines.add(String.format("  %-28s %-8s %s%s", s.id(), s.result(), Progress.elapsed(s.took()), down));
        }
        lines.add(downtime == null ? "downtime: not measured (plan has no edge)"
                : "downtime: " + Progress.elapsed(downtime.total()) + " measured by " + downtime.probes()
                        + " probes of " + downtime.url());
        return lines;
    }

    /** The same summary as a JSON object. */
    public Map<String, Object> json() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("plan", plan);
        out.put("outcome", outcome);
        out.put("wall_seconds", wall.toMillis() / 1000.0);
        out.put("applied", count("applied"));
        out.put("skipped", count("skipped"));
        out.put("failed", count("failed"));
        List<Map<String, Object>> steps = new ArrayList<>();
        for (StepTime s : this.steps) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("id", s.id());
            step.put("result", s.result());
            step.put("seconds", s.took().toMillis() / 1000.0);
            if (downtime != null) {
                step.put("downtime_seconds", downtime.perStep().getOrDefault(s.id(), Duration.ZERO).toMillis() / 1000.0);
            }
            steps.add(step);
        }
        out.put("steps", steps);
        Map<String, Object> down = new LinkedHashMap<>();
        down.put("measured", downtime != null);
        if (downtime != null) {
            down.put("url", downtime.url());
            down.put("seconds", downtime.total().toMillis() / 1000.0);
            down.put("probes", downtime.probes());
        } else {
            down.put("reason", "plan has no edge");
        }
        out.put("downtime", down);
        return out;
    }
}
