package dev.ferry.sandbox;

import dev.ferry.plan.StepIds;
import dev.ferry.sandbox.app.PeriodicJobs;
import dev.ferry.sandbox.app.RecordsAnalysis;
import dev.ferry.state.RunState;
import dev.ferry.state.StepRecord;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What users care about, measured in a rehearsal: each step's duration and how long the app did not answer during
 * it (failed requests times the sampling interval), jobs lost, time with two schedulers ticking, and failed requests
 * during the server cutover, and whether Redash's periodic jobs were scheduled on ElastiCache after repoint-redis.
 */
public record RehearsalReport(List<StepLine> steps, long requests, long failedRequests, Duration sampling,
                              Duration schedulerOverlap, int schedulers, int enqueued, int completed, int lostJobs,
                              long failedDuringCutover, int periodicJobs, int periodicJobsExpected) {

    /** One step: its status, duration, and the requests that failed while it ran. */
    public record StepLine(String id, String status, Duration duration, long requests, long failed) {
    }

    static RehearsalReport of(List<String> order, RunState state, Traffic traffic, RecordsAnalysis analysis,
                              PeriodicJobs.Presence periodic, Duration sampling) {
        List<StepLine> lines = new ArrayList<>();
        long cutoverFailed = 0;
        for (String id : order) {
            StepRecord r = state.step(id).orElse(null);
            if (r == null) {
                continue;
            }
            long failed = r.startedAt() == null || r.finishedAt() == null ? 0
                    : traffic.failedBetween(r.startedAt(), r.finishedAt());
            long total = r.startedAt() == null || r.finishedAt() == null ? 0 : traffic.samples().stream()
                    .filter(s -> !s.at().isBefore(r.startedAt()) && !s.at().isAfter(r.finishedAt())).count();
            lines.add(new StepLine(id, r.status().name().toLowerCase(), r.elapsed(), total, failed));
            if (id.equals(StepIds.CUTOVER_SERVER)) {
                cutoverFailed = failed;
            }
        }
        return new RehearsalReport(lines, traffic.samples().size(), traffic.failed(), sampling,
                analysis.schedulerOverlap(), analysis.schedulers(), analysis.enqueued(), analysis.completed(),
                analysis.lostJobs().size(), cutoverFailed, periodic.found(), periodic.expected());
    }

    /**
     * True when the invariants hold: never two schedulers, no job lost, no failed request during the cutover, and
     * every periodic job scheduled on ElastiCache after repoint-redis.
     */
    public boolean invariantsHold() {
        return schedulerOverlap.isZero() && lostJobs == 0 && failedDuringCutover == 0 && periodicJobsOnCache();
    }

    public boolean periodicJobsOnCache() {
        return periodicJobsExpected > 0 && periodicJobs == periodicJobsExpected;
    }

    /** The report's line for the periodic jobs, shared by the text report and the HTML page. */
    public String periodicJobsLine() {
        return "periodic jobs on ElastiCache after repoint-redis: " + periodicJobs + " of " + periodicJobsExpected;
    }

    public Duration downtime() {
        return sampling.multipliedBy(failedRequests);
    }

    public void print(PrintStream out) {
        out.println("ferry demo: the flagship plan rehearsed on this machine");
        out.printf("%-26s %-10s %10s %14s%n", "STEP", "STATUS", "DURATION", "APP DOWN");
        for (StepLine s : steps) {
            out.printf("%-26s %-10s %9.1fs %13.1fs  (%d of %d requests failed)%n", s.id(), s.status(),
                    seconds(s.duration()), seconds(sampling.multipliedBy(s.failed())), s.failed(), s.requests());
        }
        out.printf("app downtime: %.1f s in all (%d of %d requests to https://redash.example.com/ping failed,"
                + " one every %d ms)%n", seconds(downtime()), failedRequests, requests, sampling.toMillis());
        out.printf("jobs lost: %d (%d enqueued, %d completed)%n", lostJobs, enqueued, completed);
        out.printf("seconds with two schedulers: %.1f (%d scheduler identities ticked)%n",
                seconds(schedulerOverlap), schedulers);
        out.printf("failed requests during cutover: %d%n", failedDuringCutover);
        out.println(periodicJobsLine());
    }

    private static double seconds(Duration d) {
        return d == null ? 0 : d.toMillis() / 1000.0;
    }
}
