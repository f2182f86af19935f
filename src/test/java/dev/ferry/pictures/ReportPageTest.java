package dev.ferry.pictures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.pictures.Timeline.Mark;
import dev.ferry.pictures.Timeline.ProbeSample;
import dev.ferry.pictures.Timeline.Segment;
import dev.ferry.pictures.Timeline.StepLane;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The HTML report from a recorded rehearsal: well-formed, self-contained, escaped, and rendered by a real browser. */
class ReportPageTest {
    static final Instant T0 = Instant.parse("2026-12-07T01:00:00Z");
    static final String HOSTILE = "move-<db>&\"'</title><script>alert(1)</script>";

    @TempDir
    Path dir;

    /** Three steps (one failed and rolled back, with a hostile id and message), 60 s of probe, jobs, two schedulers. */
    static Timeline recorded() {
        List<StepLane> steps = List.of(
                new StepLane("upgrade-local-postgres", "applied",
                        List.of(new Segment("apply", T0, T0.plusSeconds(18), "applied")), List.of()),
                new StepLane(HOSTILE, "rolled back", List.of(
                        new Segment("apply", T0.plusSeconds(18), T0.plusSeconds(30), "failed"),
                        new Segment("rollback", T0.plusSeconds(31), T0.plusSeconds(36), "rolled back")),
                        List.of(new Mark(T0.plusSeconds(30), "copy failed: <b>&amp; \"quoted\""))),
                new StepLane("handoff-scheduler", "applied",
                        List.of(new Segment("apply", T0.plusSeconds(40), T0.plusSeconds(55), "applied")), List.of()));
        List<ProbeSample> probe = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            Instant at = T0.plusMillis(100L * i);
            probe.add(new ProbeSample(at, !(i >= 200 && i < 250)));
        }
        Map<String, List<Instant>> ticks = new LinkedHashMap<>();
        ticks.put("ec2-scheduler", List.of(T0, T0.plusMillis(500), T0.plusSeconds(1), T0.plusSeconds(45)));
        ticks.put("fargate-scheduler", List.of(T0.plusMillis(44_800), T0.plusSeconds(50)));
        return new Timeline("ferry demo <rehearsal>", List.of("jobs lost: 0 & counting"), steps, probe,
                List.of(T0.plusSeconds(2), T0.plusSeconds(3)), List.of(T0.plusSeconds(4)), ticks, Duration.ofMillis(500));
    }

    @Test
    void theReportIsWellFormedXhtmlWithAnSvgBarPerStepAndTheProbeLane() throws Exception {
        String html = ReportPage.html(recorded());
        Document doc = ReportChecks.parse(html);
        ReportChecks.assertSelfContained(doc, html);
        Element svg = ReportChecks.svg(doc);

        List<String> barSteps = ReportChecks.withClasses(svg, "rect", "bar").stream()
                .map(e -> e.getAttribute("data-step")).toList();
        assertThat(barSteps).containsExactly("upgrade-local-postgres", HOSTILE, HOSTILE, "handoff-scheduler");
        assertThat(ReportChecks.withClasses(svg, "rect", "bar", "rollback")).hasSize(1);
        assertThat(ReportChecks.withClasses(svg, "path", "failure")).hasSize(1);
        assertThat(ReportChecks.withClasses(svg, "text", "probe-label").get(0).getTextContent())
                .isEqualTo("app (probe): 50 of 600 failed");
        assertThat(ReportChecks.withClasses(svg, "rect", "probe", "down")).hasSize(5);
        assertThat(ReportChecks.withClasses(svg, "rect", "probe", "up")).hasSize(55);
        assertThat(ReportChecks.withClasses(svg, "line", "job", "enqueued")).hasSize(2);
        assertThat(ReportChecks.withClasses(svg, "text", "scheduler-label")).hasSize(2);
        List<Element> overlap = ReportChecks.withClasses(svg, "rect", "overlap");
        assertThat(overlap).as("two schedulers at once are drawn").hasSize(1);
        assertThat(overlap.get(0).getTextContent()).contains("from 2026-12-07T01:00:45Z to 2026-12-07T01:00:45.300Z");
    }

    @Test
    void everyTextIsEscaped() throws Exception {
        String html = ReportPage.html(recorded());
        Document doc = ReportChecks.parse(html);
        assertThat(html).doesNotContain("<script").doesNotContain("<b>").doesNotContain("<rehearsal>");
        assertThat(doc.getElementsByTagNameNS("*", "title").item(0).getTextContent()).isEqualTo("ferry demo <rehearsal>");
        assertThat(doc.getDocumentElement().getTextContent()).contains(HOSTILE)
                .contains("copy failed: <b>&amp; \"quoted\"").contains("jobs lost: 0 & counting");
    }

    @Test
    void aRealBrowserRendersABarPerStep() throws Exception {
        Path page = dir.resolve("report.html");
        ReportPage.write(recorded(), page);
        assertThat(ReportChecks.renderedBarSteps(page)).hasSize(4).startsWith("upgrade-local-postgres")
                .endsWith("handoff-scheduler");
    }

    @Test
    void aTimelineWithNothingTimedSaysSo() throws Exception {
        String html = ReportPage.html(Timeline.ofSteps("ferry status: plan p", List.of("never run"),
                List.of(new StepLane("provision", "pending", List.of(), List.of()))));
        Document doc = ReportChecks.parse(html);
        assertThat(doc.getElementsByTagNameNS(TimelineSvg.NS, "svg").getLength()).isZero();
        assertThat(html).contains("Nothing has run yet");
    }
}
