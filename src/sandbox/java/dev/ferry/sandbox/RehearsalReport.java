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
 * it (from each failed request to the next one sent), jobs lost, time with two schedulers ticking, and failed requests
 * during the server cutover, and whether Redash's periodic jobs were scheduled on ElastiCache after repoint-redis.
 */
public record RehearsalReport(List<StepLine> steps, long requests, long failedRequests, Duration sampling,
                              Duration schedulerOverlap, int schedulers, int enqueued, int completed, int lostJobs,
                              long failedDuringCutover, int periodicJobs, int periodicJobsExpected, Duration down) {

    /** One step: its status, duration, the requests that failed while it ran and how long the app did not answer. */
    public record StepLine(String id, String status, Duration duration, long requests, long failed, Duration down) {
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
            Duration down = r.startedAt() == null || r.finishedAt() == null ? Duration.ZERO
                    : traffic.downBetween(r.startedAt(), r.finishedAt());
            lines.add(new StepLine(id, r.status().name().toLowerCase(), r.elapsed(), total, failed, down));
            if (id.equals(StepIds.CUTOVER_SERVER)) {
                cutoverFailed = failed;
            }
        }
        return new RehearsalReport(lines, traffic.samples().size(), traffic.failed(), sampling,
                analysis.schedulerOverlap(), analysis.schedulers(), analysis.enqueued(), analysis.completed(),
                analysis.lostJobs().size(), cutoverFailed, periodic.found(), periodic.expected(), total(traffic, sampling));
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

    private static Duration total(Traffic traffic, Duration sampling) {
        List<Traffic.Sample> samples = traffic.samples();
        return samples.isEmpty() ? Duration.ZERO : traffic.downBetween(samples.get(0).at(),
                samples.get(samples.size() - 1).at().plus(sampling));
    }

    /** How long the app did not answer during the run: from each failed request to the next one sent. */
    public Duration downtime() {
        return down;
    }

    /** How long the app did not answer while step {@code id} ran. */
    public Duration downtime(String id) {
        return steps.stream().filter(s -> s.id().equals(id)).findFirst().map(StepLine::down).orElse(Duration.ZERO);
    }

    public void print(PrintStream out) {
        out.println("ferry demo: the flagship plan rehearsed on this machine");
        out.printf("%-26s %-10s %10s %14s%n", "STEP", "STATUS", "DURATION", "APP DOWN");
        for (StepLine s : steps) {
            out.printf("%-26s %-10s %9.1fs %13.1fs  (%d of %d requests failed)%n", s.id(), s.status(),
                    seconds(s.duration()), seconds(s.down()), s.failed(), s.requests());
        }
        out.printf("app downtime: %.1f s in all (%d of %d requests to https://redash.example.com/ping failed,"
                + " sent %d ms apart plus their own time; each failure counts until the next request)%n",
                seconds(downtime()), failedRequests, requests, sampling.toMillis());
        out.printf("move-database downtime: %.1f s (the app stops answering from stop-writers until the recreated"
                + " server answers on RDS)%n", seconds(downtime(StepIds.MOVE_DATABASE)));
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
