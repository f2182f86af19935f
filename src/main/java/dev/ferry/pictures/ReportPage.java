package dev.ferry.pictures;

import static dev.ferry.pictures.Markup.escape;

import dev.ferry.pictures.Timeline.Mark;
import dev.ferry.pictures.Timeline.Segment;
import dev.ferry.pictures.Timeline.StepLane;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One self-contained HTML page (XHTML-compatible: it parses as XML too) with the timeline of a run: inline CSS and
 * SVG, no script, font or anything fetched. Every text from the run is escaped.
 */
public final class ReportPage {
    private static final String CSS = """
            body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #222; }
            h1 { font-size: 20px; }
            svg.timeline text { font: 12px system-ui, sans-serif; fill: #222; }
            svg.timeline text.axis { fill: #666; font-size: 11px; }
            svg.timeline line.grid { stroke: #e4e4e4; }
            rect.bar.apply { fill: #4a7fd6; }
            rect.bar.failed, rect.bar.rollback.failed { fill: #d64a4a; }
            rect.bar.rollback { fill: #e0a030; }
            rect.bar.running, rect.bar.stopped { fill: #9ab; }
            rect.probe.up { fill: #5cb85c; }
            rect.probe.down { fill: #d64a4a; }
            line.job.enqueued { stroke: #4a7fd6; }
            line.job.completed { stroke: #5cb85c; }
            rect.scheduler { fill: #8a6fd6; }
            rect.overlap { fill: #d64a4a; }
            path.failure { fill: #b00; }
            table { border-collapse: collapse; margin-top: 16px; }
            td, th { border-bottom: 1px solid #ddd; padding: 3px 10px; text-align: left; vertical-align: top; }
            """;

    private ReportPage() {
    }

    public static void write(Timeline timeline, Path file) throws IOException {
        Files.writeString(file, html(timeline), StandardCharsets.UTF_8);
    }

    public static String html(Timeline timeline) {
        StringBuilder out = new StringBuilder("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n"
                + "<head>\n<meta charset=\"utf-8\"/>\n<title>" + escape(timeline.title()) + "</title>\n<style>\n" + CSS
                + "</style>\n</head>\n<body>\n<h1>" + escape(timeline.title()) + "</h1>\n<ul class=\"facts\">\n");
        timeline.facts().forEach(f -> out.append("<li>").append(escape(f)).append("</li>\n"));
        out.append("</ul>\n");
        String svg = TimelineSvg.render(timeline);
        out.append(svg.isEmpty() ? "<p>Nothing has run yet: no step has a start time.</p>\n" : svg);
        out.append("<table class=\"steps\">\n<tr><th>step</th><th>status</th><th>stretches</th><th>failures</th></tr>\n");
        for (StepLane lane : timeline.steps()) {
            out.append("<tr><td>").append(escape(lane.id())).append("</td><td>").append(escape(lane.status()))
                    .append("</td><td>");
            for (Segment s : lane.segments()) {
                out.append(escape(s.kind() + " " + s.outcome() + ": " + time(s.from()) + " to " + time(s.to()) + " ("
                        + TimelineSvg.seconds(s.duration()) + ")")).append("<br/>");
            }
            out.append("</td><td>");
            for (Mark m : lane.failures()) {
                out.append(escape(time(m.at()) + ": " + m.text())).append("<br/>");
            }
            out.append("</td></tr>\n");
        }
        return out.append("</table>\n</body>\n</html>\n").toString();
    }

    static String time(Instant at) {
        return at.truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
