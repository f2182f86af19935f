package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.pictures.ReportChecks;
import dev.ferry.testing.FerryCli;
import dev.ferry.testing.FerryCli.Result;
import dev.ferry.wiring.Wiring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * {@code ferry status --report} after a real run (hook steps: one applied, one failing with a password in its
 * output, both rolled back): the page is well-formed, shows each stretch and the failure, never the secret, and a
 * real browser renders the bars.
 */
class StatusReportTest {
    static final String SECRET = "Sup3rS3cretPw";

    @TempDir
    Path dir;

    @Test
    void statusReportDrawsTheRunFromStateAndJournal() throws Exception {
        Path plan = HookPlans.write(dir, 2, 2, "0");
        String yaml = Files.readString(plan).replace("REDASH_LOG_LEVEL: INFO", "REDASH_LOG_LEVEL: " + SECRET)
                .replace("apply: echo s2a2 >> out.txt; sleep 0",
                        "apply: echo postgresql://redash:" + SECRET + "@db:5432/redash >&2; exit 1");
        assertThat(yaml).contains(SECRET + "@db");
        Files.writeString(plan, yaml);

        Result run = FerryCli.ferry(Wiring.real(), "run", plan.toString(), "--yes");
        assertThat(run.code()).as(run.err()).isEqualTo(1);
        Result rollback = FerryCli.ferry(Wiring.real(), "rollback", plan.toString(), "--to", "hook-1", "--yes");
        assertThat(rollback.code()).as(rollback.err()).isZero();
        Path page = dir.resolve("status.html");
        Result status = FerryCli.ferry(Wiring.real(), "status", plan.toString(), "--report", page.toString());
        assertThat(status.code()).as(status.err()).isZero();
        assertThat(status.err()).contains("report written to " + page);

        String html = ReportChecks.read(page);
        assertThat(html).doesNotContain(SECRET);
        Document doc = ReportChecks.parse(html);
        ReportChecks.assertSelfContained(doc, html);
        Element svg = ReportChecks.svg(doc);
        List<String> bars = ReportChecks.withClasses(svg, "rect", "bar").stream()
                .map(e -> e.getAttribute("class") + " " + e.getAttribute("data-step")).toList();
        assertThat(bars).containsExactly("bar apply applied hook-1", "bar rollback rolled-back hook-1",
                "bar apply failed hook-2", "bar rollback rolled-back hook-2");
        List<Element> failures = ReportChecks.withClasses(svg, "path", "failure");
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0).getTextContent()).startsWith("hook-2 failed at ").contains("apply action s2a2");
        assertThat(ReportChecks.renderedBarSteps(page)).containsExactly("hook-1", "hook-1", "hook-2", "hook-2");
    }
}
