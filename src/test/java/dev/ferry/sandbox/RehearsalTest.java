package dev.ferry.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.state.RunState;
import dev.ferry.state.StepStatus;

import dev.ferry.engine.Rollback;
import dev.ferry.engine.ScriptedOperator;
import dev.ferry.pictures.ReportChecks;
import dev.ferry.sandbox.host.RedashSandbox;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 6's acceptance: the whole flagship plan rehearsed with steady traffic keeps the invariants (never two
 * schedulers, no job lost, no failed request during cutover), and a full rollback from the last step back to the
 * first leaves the app running on the EC2 side with all its data, every result written on RDS included. The app
 * wrote to the upgraded database, so undoing the upgrade itself (restoring the pre-upgrade backup) would drop those
 * writes: ferry refuses that last rollback, names the tables and changes nothing.
 */
class RehearsalTest {

    @Test
    void theFlagshipPlanKeepsTheInvariantsAndRollsAllTheWayBack() throws Exception {
        PrintStream progress = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        try (Rehearsal rehearsal = Rehearsal.start(System.out, false)) {
            String seeded = checksums(rehearsal.redash());
            RehearsalReport report = rehearsal.run(System.out);
            report.print(System.out);
            assertThat(report.steps()).hasSize(8).allMatch(s -> s.status().equals("applied"));
            assertThat(report.schedulerOverlap()).isZero();
            assertThat(report.lostJobs()).isZero();
            System.out.printf("move-database downtime %d ms%n", report.downtime("move-database").toMillis());
            assertThat(report.failedDuringCutover()).isZero();
            assertThat(report.periodicJobs()).as("periodic jobs on ElastiCache after repoint-redis")
                    .isEqualTo(report.periodicJobsExpected()).isPositive();
            assertThat(report.completed()).isPositive();
            theReportPageShowsTheRun(rehearsal, report);

            assertThatThrownBy(() -> new Rollback(rehearsal.migration(System.out), new ScriptedOperator(Set.of()))
                    .to("upgrade-local-postgres"))
                    .isInstanceOf(FerryException.class)
                    .hasMessageContaining("written since the upgrade (table public.standin_results")
                    .hasMessageContaining("discardWritesOnRollback")
                    .extracting(e -> ((FerryException) e).code()).isEqualTo(ErrorCode.CONFIRMATION_REQUIRED);
            RunState state = rehearsal.migration(System.out).state();
            assertThat(state.steps()).allSatisfy((id, r) -> assertThat(r.status()).as(id).isEqualTo(
                    id.equals("upgrade-local-postgres") ? StepStatus.APPLIED : StepStatus.ROLLED_BACK));
            assertThat(answersOnEc2(rehearsal)).isEqualTo(200);
            RedashSandbox redash = rehearsal.redash();
            assertThat(psql(redash, "show server_version")).startsWith("15.");
            assertThat(checksums(redash)).isEqualTo(seeded);
            assertThat(Long.parseLong(psql(redash, "select count(*) from standin_results")))
                    .as("every job result, including those written on RDS, is back on the local database")
                    .isGreaterThanOrEqualTo(report.completed());
            assertThat(redash.docker("ps --services --filter status=running").stdout())
                    .contains("server", "scheduler", "worker", "postgres", "redis");
        }
        progress.close();
    }

    /** `ferry demo --report`'s page for this very run: well-formed, self-contained, a bar per step, the probe lane. */
    private static void theReportPageShowsTheRun(Rehearsal rehearsal, RehearsalReport report) throws Exception {
        java.nio.file.Path page = java.nio.file.Files.createTempFile("ferry-demo-report", ".html");
        try {
            dev.ferry.pictures.ReportPage.write(rehearsal.timeline(), page);
            String html = java.nio.file.Files.readString(page);
            org.w3c.dom.Document doc = ReportChecks.parse(html);
            ReportChecks.assertSelfContained(doc, html);
            org.w3c.dom.Element svg = ReportChecks.svg(doc);
            assertThat(ReportChecks.withClasses(svg, "rect", "bar").stream().map(e -> e.getAttribute("data-step"))
                    .distinct().toList()).as("a bar per step").containsExactlyElementsOf(
                            report.steps().stream().map(RehearsalReport.StepLine::id).toList());
            assertThat(ReportChecks.withClasses(svg, "rect", "probe")).as("the probe lane").isNotEmpty();
            assertThat(ReportChecks.withClasses(svg, "text", "scheduler-label")).as("scheduler identities")
                    .hasSizeGreaterThanOrEqualTo(2);
            assertThat(ReportChecks.withClasses(svg, "rect", "overlap")).as("never two schedulers").isEmpty();
            assertThat(ReportChecks.renderedBarSteps(page)).as("bars a real browser draws").isNotEmpty();
        } finally {
            java.nio.file.Files.deleteIfExists(page);
        }
    }

    private static int answersOnEc2(Rehearsal rehearsal) throws Exception {
        int status = 0;
        for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos(); System.nanoTime() < deadline; ) {
            try {
                status = rehearsal.internet().client().get(rehearsal.realUrl(), Duration.ofSeconds(5));
                if (status == 200) {
                    return status;
                }
            } catch (java.io.IOException notYet) {
                status = -1;
            }
            Thread.sleep(500);
        }
        return status;
    }

    private static String checksums(RedashSandbox redash) {
        String tables = RedashSandbox.tables().stream().map(t -> "select '" + t + "', count(*), md5(coalesce(string_agg("
                + "x::text, '|' order by x.id), '')) from " + t + " x").collect(Collectors.joining(" union all "));
        return psql(redash, tables);
    }

    private static String psql(RedashSandbox redash, String sql) {
        return redash.docker("exec -T postgres psql -v ON_ERROR_STOP=1 -tA -c \"" + sql + "\"")
                .orThrow("psql").stdout().strip();
    }
}
