package dev.ferry.steps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.step.CopyActivity;
import dev.ferry.step.SourceInventory;
import dev.ferry.step.TableName;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyReportTest {
    private static final long MB = 1024 * 1024;

    @Test
    void aPipedCopyUsesTheSourceSizeForTheTotalAndMeasuresRateAndEta() {
        SourceInventory inventory = new SourceInventory(List.of(
                new SourceInventory.TableSize(TableName.parse("public.query_results"), 790 * MB)), List.of());
        CopyReport report = new CopyReport(inventory);
        Instant t0 = Instant.parse("2026-12-07T00:00:00Z");
        assertThat(report.line(copy(374 * MB, 1_100_000), t0))
                .isEqualTo("copying public.query_results 374 MB of ~790 MB, 1.1M rows");
        assertThat(report.line(copy(412 * MB, 1_200_000), t0.plusSeconds(1)))
                .isEqualTo("copying public.query_results 412 MB of ~790 MB, 1.2M rows, 38 MB/s, ETA 0:10");
    }

    @Test
    void theRateIsMeasuredSinceTheTablesFirstReadingAndSmallSizesInKilobytes() {
        SourceInventory inventory = new SourceInventory(List.of(
                new SourceInventory.TableSize(TableName.parse("public.query_results"), 790 * MB)), List.of());
        CopyReport report = new CopyReport(inventory);
        Instant t0 = Instant.parse("2026-12-07T00:00:00Z");
        report.line(copy(100 * MB, 1), t0);
        report.line(copy(110 * MB, 2), t0.plusSeconds(1));
        assertThat(report.line(copy(140 * MB, 3), t0.plusSeconds(2))).contains("20 MB/s");
        assertThat(CopyReport.size(640 * 1024)).isEqualTo("640 kB");
    }

    @Test
    void anIndexBuildShowsItsPhaseAndBlocks() {
        CopyReport report = new CopyReport(new SourceInventory(List.of(), List.of()));
        assertThat(report.line(new CopyActivity(CopyActivity.INDEX, "public.events", "building index: scanning table",
                0, 0, 0, 120, 800, 0, 0), Instant.now()))
                .isEqualTo("indexing public.events: building index: scanning table, 120/800 blocks");
    }

    @Test
    void countsAndClocksReadAsAnOperatorExpects() {
        assertThat(CopyReport.count(999)).isEqualTo("999");
        assertThat(CopyReport.count(12_345)).isEqualTo("12.3k");
        assertThat(CopyReport.clock(3725)).isEqualTo("1:02:05");
    }

    private static CopyActivity copy(long bytes, long rows) {
        return new CopyActivity(CopyActivity.COPY, "public.query_results", "COPY FROM", bytes, 0, rows, 0, 0, 0, 0);
    }
}
