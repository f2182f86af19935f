package dev.ferry.cli;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.wiring.Rehearsals;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", description = "Rehearse the flagship plan end to end on this machine (no AWS account, no"
        + " Docker): a sandbox compose host over SSH and a sandbox AWS endpoint; prints what users would feel.")
final class DemoCommand implements Callable<Integer> {
    private final Console console;
    @Mixin OutputOptions output;

    @Option(names = "--report", paramLabel = "FILE", description = "also write FILE: one self-contained HTML page with"
            + " the timeline of the rehearsal (steps, app up/down from the probe, jobs, scheduler identities)")
    Path reportFile;

    DemoCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() throws Exception {
        Rehearsals sandbox = Rehearsals.installed().orElseThrow(() -> new FerryException(ErrorCode.INVALID_INPUT,
                "this build of ferry carries no sandbox (no " + Rehearsals.class.getName() + " service in the jar),"
                + " so it cannot rehearse; build the full jar with `mvn -B -q package -DskipTests`"));
        Rehearsals.Result report = sandbox.rehearse(console.err());
        if (reportFile != null) {
            report.writeReport(reportFile);
            console.err().println("demo: report written to " + reportFile);
        }
        if (output.json()) {
            console.out().println(report.json());
        } else {
            report.print(console.out());
        }
        if (!report.invariantsHold()) {
            throw new FerryException(ErrorCode.STEP_FAILED, "the rehearsal broke an invariant (two schedulers, a lost"
                    + " job, a failed request during cutover or periodic jobs missing on ElastiCache); see the report above");
        }
        return 0;
    }
}
