package dev.ferry.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.pictures.ReportChecks;
import dev.ferry.pictures.ReportPage;
import dev.ferry.pictures.Timeline;
import dev.ferry.state.JournalEntry;
import dev.ferry.state.RunState;
import dev.ferry.state.StepRecord;
import dev.ferry.state.StepStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/** A recorded rehearsal (journal, probe samples, the stand-in's records) drawn as the demo's HTML report. */
class RehearsalTimelineTest {
    static final Instant T0 = Instant.parse("2026-12-07T01:00:00Z");

    @TempDir
    Path dir;

    @Test
    void theDemoReportShowsStepsProbeJobsAndBothSchedulers() throws Exception {
        Path records = dir.resolve("standin-records.jsonl");
        Files.writeString(records, String.join("\n",
                "{\"kind\":\"tick\",\"t\":\"2026-12-07T01:00:00Z\",\"identity\":\"ec2-scheduler\"}",
                "{\"kind\":\"enqueued\",\"t\":\"2026-12-07T01:00:01Z\",\"job\":\"j1\"}",
                "{\"kind\":\"enqueued\",\"t\":\"2026-12-07T01:00:01.5Z\",\"job\":\"j1\"}",
                "{\"kind\":\"completed\",\"t\":\"2026-12-07T01:00:02Z\",\"job\":\"j1\"}",
                "{\"kind\":\"tick\",\"t\":\"2026-12-07T01:00:08Z\",\"identity\":\"fargate-scheduler-1\"}", ""));
        List<Traffic.Sample> samples = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            samples.add(new Traffic.Sample(T0.plusMillis(100L * i), i < 20 || i > 40));
        }
        RunState state = RunState.fresh("redash-demo", "d")
                .withStep("move-database", new StepRecord(StepStatus.APPLIED, "d", T0.plusSeconds(1), T0.plusSeconds(5),
                        null, null, null, null));
        List<JournalEntry> journal = List.of(
                new JournalEntry(T0.plusSeconds(1), "r", JournalEntry.STEP_STARTED, "move-database", "apply", null, null, null),
                new JournalEntry(T0.plusSeconds(5), "r", JournalEntry.STEP_APPLIED, "move-database", "apply", null, 4000L, null));
        RehearsalReport report = new RehearsalReport(List.of(), 100, 21, Duration.ofMillis(100), Duration.ZERO, 2, 1, 1,
                0, 0, 8, 8, Duration.ofMillis(2100));

        Timeline timeline = RehearsalTimeline.of(List.of("move-database", "cutover-server"), state, journal, samples,
                records, Duration.ofMillis(500), report);
        assertThat(timeline.enqueued()).as("each job once").hasSize(1);
        assertThat(timeline.schedulerTicks()).containsOnlyKeys("ec2-scheduler", "fargate-scheduler-1");

        String html = ReportPage.html(timeline);
        Element svg = ReportChecks.svg(ReportChecks.parse(html));
        assertThat(ReportChecks.withClasses(svg, "rect", "bar").stream().map(e -> e.getAttribute("data-step")))
                .containsExactly("move-database");
        assertThat(ReportChecks.withClasses(svg, "text", "probe-label").get(0).getTextContent())
                .isEqualTo("app (probe): 21 of 100 failed");
        assertThat(ReportChecks.withClasses(svg, "rect", "probe", "down")).hasSize(3);
        assertThat(ReportChecks.withClasses(svg, "text", "scheduler-label")).hasSize(2);
        assertThat(html).contains("app downtime: 2.1 s (21 of 100 requests failed, one every 100 ms)");
    }
}
