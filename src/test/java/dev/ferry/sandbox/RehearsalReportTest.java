package dev.ferry.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo fails when Redash's periodic jobs are missing on ElastiCache after repoint-redis, and says how many. */
class RehearsalReportTest {

    @Test
    void periodicJobsMissingOnTheCacheBreakTheInvariantsAndTheReportSaysHowMany() {
        assertThat(report(8, 8).invariantsHold()).isTrue();
        assertThat(printed(report(8, 8))).contains("periodic jobs on ElastiCache after repoint-redis: 8 of 8\n");
        assertThat(report(7, 8).invariantsHold()).isFalse();
        assertThat(printed(report(0, 8))).contains("periodic jobs on ElastiCache after repoint-redis: 0 of 8\n");
        assertThat(report(0, 8).invariantsHold()).isFalse();
        assertThat(report(0, 0).invariantsHold()).as("nothing expected means nothing was checked").isFalse();
    }

    private static RehearsalReport report(int found, int expected) {
        return new RehearsalReport(List.of(), 10, 0, Duration.ofMillis(100), Duration.ZERO, 2, 5, 5, 0, 0, found,
                expected, Duration.ZERO);
    }

    private static String printed(RehearsalReport report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        report.print(new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
