package dev.ferry.pictures;

import static dev.ferry.pictures.Markup.escape;

import dev.ferry.pictures.Timeline.Mark;
import dev.ferry.pictures.Timeline.ProbeSample;
import dev.ferry.pictures.Timeline.Segment;
import dev.ferry.pictures.Timeline.StepLane;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The timeline as an inline SVG: time runs left to right; one lane per step, then the app as the probe saw it
 * (red where requests failed), the jobs enqueued and completed, one lane per scheduler identity and a lane that
 * turns red wherever two schedulers ticked at once.
 */
final class TimelineSvg {
    static final String NS = "http://www.w3.org/2000/svg";
    private static final int LABEL = 230;
    private static final int PLOT = 820;
    private static final int LANE = 24;
    private static final int AXIS = 28;
    private final Timeline timeline;
    private final Instant start;
    private final long spanMillis;
    private final StringBuilder svg = new StringBuilder();
    private int y = AXIS;

    private TimelineSvg(Timeline timeline, Instant[] window) {
        this.timeline = timeline;
        this.start = window[0];
        this.spanMillis = Math.max(1000, Duration.between(window[0], window[1]).toMillis());
    }

    /** The SVG element, or an empty string when nothing on the timeline has a time. */
    static String render(Timeline timeline) {
        Instant[] window = timeline.window();
        return window == null ? "" : new TimelineSvg(timeline, window).draw();
    }

    private String draw() {
        timeline.steps().forEach(this::stepLane);
        if (!timeline.probe().isEmpty()) {
            probeLane();
        }
        if (!timeline.enqueued().isEmpty() || !timeline.completed().isEmpty()) {
            jobsLane();
        }
        if (!timeline.schedulerTicks().isEmpty()) {
            schedulerLanes();
        }
        int height = y + 8;
        return "<svg xmlns=\"" + NS + "\" class=\"timeline\" width=\"" + (LABEL + PLOT + 20) + "\" height=\"" + height
                + "\" viewBox=\"0 0 " + (LABEL + PLOT + 20) + " " + height + "\" role=\"img\" aria-label=\"timeline of the run\">\n"
                + axis(height) + svg + "</svg>\n";
    }

    private void stepLane(StepLane lane) {
        laneLabel(lane.id(), "step-label");
        for (Segment s : lane.segments()) {
            rect(x(s.from()), width(s.from(), s.to()), "bar " + s.kind() + " " + s.outcome().replace(' ', '-'),
                    " data-step=\"" + escape(lane.id()) + "\"", lane.id() + ": " + s.kind() + " " + s.outcome()
                            + ", " + seconds(s.duration()) + " (" + ReportPage.time(s.from()) + " to " + ReportPage.time(s.to()) + ")");
        }
        for (Mark m : lane.failures()) {
            svg.append("<path class=\"failure\" d=\"M").append(fmt(x(m.at()))).append(' ').append(y + 2)
                    .append(" l5 10 l-10 0 z\"><title>").append(escape(lane.id() + " failed at " + ReportPage.time(m.at()) + ": "
                            + m.text())).append("</title></path>\n");
        }
        y += LANE;
    }

    private void probeLane() {
        List<ProbeSample> samples = timeline.probe();
        long failed = samples.stream().filter(s -> !s.ok()).count();
        laneLabel("app (probe): " + failed + " of " + samples.size() + " failed", "probe-label");
        long second = -1;
        int ok = 0;
        int bad = 0;
        for (ProbeSample s : samples) {
            long at = Duration.between(start, s.at()).toMillis() / 1000;
            if (at != second && second >= 0) {
                probeSecond(second, ok, bad);
                ok = 0;
                bad = 0;
            }
            second = at;
            if (s.ok()) {
                ok++;
            } else {
                bad++;
            }
        }
        probeSecond(second, ok, bad);
        y += LANE;
    }

    private void probeSecond(long second, int ok, int bad) {
        Instant from = start.plusSeconds(second);
        rect(x(from), width(from, from.plusSeconds(1)), bad == 0 ? "probe up" : "probe down",
                bad == 0 ? "" : " fill-opacity=\"" + fmt(0.35 + 0.65 * bad / (double) (ok + bad)) + "\"",
                "+" + second + " s: " + bad + " of " + (ok + bad) + " requests failed");
    }

    private void jobsLane() {
        laneLabel("jobs: " + timeline.enqueued().size() + " enqueued, " + timeline.completed().size() + " completed",
                "jobs-label");
        for (Instant at : timeline.enqueued()) {
            svg.append("<line class=\"job enqueued\" x1=\"").append(fmt(x(at))).append("\" x2=\"").append(fmt(x(at)))
                    .append("\" y1=\"").append(y + 2).append("\" y2=\"").append(y + 10).append("\"/>\n");
        }
        for (Instant at : timeline.completed()) {
            svg.append("<line class=\"job completed\" x1=\"").append(fmt(x(at))).append("\" x2=\"").append(fmt(x(at)))
                    .append("\" y1=\"").append(y + 11).append("\" y2=\"").append(y + 19).append("\"/>\n");
        }
        y += LANE;
    }

    private void schedulerLanes() {
        for (Map.Entry<String, List<Instant>> e : timeline.schedulerTicks().entrySet()) {
            laneLabel("scheduler " + e.getKey(), "scheduler-label");
            for (Instant[] run : SchedulerRuns.of(e.getValue(), timeline.tickInterval())) {
                rect(x(run[0]), width(run[0], run[1]), "scheduler", "", "scheduler " + e.getKey() + " ticked from "
                        + ReportPage.time(run[0]) + " to " + ReportPage.time(run[1]));
            }
            y += LANE;
        }
        List<Instant[]> overlaps = SchedulerRuns.overlaps(timeline.schedulerTicks(), timeline.tickInterval());
        laneLabel("two schedulers at once: " + seconds(overlaps.stream()
                .map(o -> Duration.between(o[0], o[1])).reduce(Duration.ZERO, Duration::plus)), "overlap-label");
        for (Instant[] o : overlaps) {
            rect(x(o[0]), width(o[0], o[1]), "overlap", "", "two schedulers ticked from " + ReportPage.time(o[0]) + " to "
                    + ReportPage.time(o[1]));
        }
        y += LANE;
    }

    private String axis(int height) {
        StringBuilder out = new StringBuilder();
        long stepSeconds = niceStep(spanMillis / 1000);
        for (long s = 0; s * 1000 <= spanMillis; s += stepSeconds) {
            double x = LABEL + PLOT * (s * 1000.0 / spanMillis);
            out.append("<line class=\"grid\" x1=\"").append(fmt(x)).append("\" x2=\"").append(fmt(x)).append("\" y1=\"")
                    .append(AXIS - 6).append("\" y2=\"").append(height).append("\"/>\n<text class=\"axis\" x=\"")
                    .append(fmt(x)).append("\" y=\"").append(AXIS - 10).append("\">+").append(s).append(" s</text>\n");
        }
        return out.toString();
    }

    private static long niceStep(long spanSeconds) {
        for (long step : new long[] {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600}) {
            if (spanSeconds / step <= 12) {
                return step;
            }
        }
        return 86400;
    }

    private void laneLabel(String text, String cls) {
        svg.append("<text class=\"").append(cls).append("\" x=\"4\" y=\"").append(y + 15).append("\">")
                .append(escape(text)).append("</text>\n");
    }

    private void rect(double x, double width, String cls, String extra, String title) {
        svg.append("<rect class=\"").append(cls).append("\" x=\"").append(fmt(x)).append("\" y=\"").append(y + 3)
                .append("\" width=\"").append(fmt(width)).append("\" height=\"").append(LANE - 6).append('"')
                .append(extra).append("><title>").append(escape(title)).append("</title></rect>\n");
    }

    private double x(Instant at) {
        return LABEL + PLOT * (Duration.between(start, at).toMillis() / (double) spanMillis);
    }

    /** At least a pixel wide, so a step that took no time still shows. */
    private double width(Instant from, Instant to) {
        return Math.max(1.5, x(to) - x(from));
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
