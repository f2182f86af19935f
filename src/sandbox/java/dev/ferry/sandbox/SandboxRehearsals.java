package dev.ferry.sandbox;

import dev.ferry.pictures.ReportPage;
import dev.ferry.pictures.Timeline;
import dev.ferry.state.Json;
import dev.ferry.wiring.Rehearsals;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/** The sandbox's answer to {@code ferry demo}, registered in META-INF/services. */
public final class SandboxRehearsals implements Rehearsals {

    @Override
    public Result rehearse(PrintStream progress) throws IOException {
        SandboxPlatform.current().require();
        RehearsalReport report;
        Timeline timeline;
        try (Rehearsal rehearsal = Rehearsal.start(progress, true)) {
            report = rehearsal.run(progress);
            timeline = rehearsal.timeline();
        }
        return new Result() {
            @Override
            public boolean invariantsHold() {
                return report.invariantsHold();
            }

            @Override
            public void print(PrintStream out) {
                report.print(out);
            }

            @Override
            public String json() throws Exception {
                return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report);
            }

            @Override
            public void writeReport(Path file) throws IOException {
                ReportPage.write(timeline, file);
            }
        };
    }
}
