package dev.ferry.cli;

import dev.ferry.ErrorCode;
import dev.ferry.step.Check;
import dev.ferry.doctor.Doctor;
import dev.ferry.engine.Migration;
import dev.ferry.engine.PlannedStep;
import dev.ferry.step.Redacted;
import dev.ferry.state.Json;
import dev.ferry.state.RunState;
import dev.ferry.doctor.DoctorChecks;
import dev.ferry.doctor.Probe;
import dev.ferry.doctor.StateBucketChecks;
import dev.ferry.wiring.Wiring;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "doctor", description = {"Checks everything the plan's remaining steps need, before the window:"
        + " SSH and its host key, docker compose, the compose and env files, disk room, sudo, AWS credentials and"
        + " permissions, subnets, listener, hosted zone and the domain's TTL. One line per check with the fix.",
        "Read-only: changes nothing, writes no state, takes no lock. Exit 0 when every check passes, 7 when one fails."})
final class DoctorCommand implements Callable<Integer> {
    private final Console console;
    private final Wiring wiring;
    @Mixin PlanOptions planOptions;
    @Mixin OutputOptions output;

    @Option(names = "--check-timeout", paramLabel = "SECONDS", defaultValue = "15",
            description = "time limit of each check; one that hangs fails, naming it (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Option(names = "--region", paramLabel = "REGION", description = "AWS region (default: the plan's target.region)")
    String region;

    @Option(names = "--profile", paramLabel = "PROFILE", description = "AWS profile (default: AWS_PROFILE, then the"
            + " plan's target.profile, then the AWS default chain)")
    String profile;

    DoctorCommand(Console console, Wiring wiring) {
        this.console = console;
        this.wiring = wiring;
    }

    @Override
    public Integer call() throws Exception {
        Flags.requirePositive("--check-timeout", timeoutSeconds);
        ApplyOptions aws = new ApplyOptions();
        aws.region = region;
        aws.profile = profile;
        Migration migration = planOptions.migration(wiring, console, aws);
        RunState state = migration.state();
        List<String> remaining = migration.steps().stream().map(PlannedStep::id)
                .filter(id -> !state.step(id).map(r -> r.status().done()).orElse(false)).toList();
        Set<String> done = migration.steps().stream().map(PlannedStep::id).filter(id -> !remaining.contains(id))
                .collect(Collectors.toSet());
        long start = System.nanoTime();
        List<Check> checks;
        try (DoctorChecks plan = new DoctorChecks(migration.plan(), remaining, done, migration.adapters())) {
            List<List<Probe>> lanes = new ArrayList<>(plan.lanes());
            List<Probe> stateLane = new StateBucketChecks(migration.plan().state(), migration.stateBackend()).lane();
            if (!stateLane.isEmpty()) {
                lanes.add(stateLane);
            }
            checks = new Doctor(Duration.ofSeconds(timeoutSeconds)).run(lanes);
        }
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        boolean ok = checks.stream().allMatch(Check::passed);
        if (output.json()) {
            json(migration, remaining, checks, ok, tookMs);
        } else {
            text(migration, remaining, checks, ok, tookMs, console.out());
        }
        return ok ? ErrorCode.OK.exitCode() : ErrorCode.PREFLIGHT_FAILED.exitCode();
    }

    private void json(Migration migration, List<String> remaining, List<Check> checks, boolean ok, long tookMs)
            throws Exception {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format_version", OutputOptions.FORMAT_VERSION);
        doc.put("plan", migration.plan().name());
        doc.put("remainingSteps", remaining);
        doc.put("ok", ok);
        doc.put("durationMs", tookMs);
        doc.put("checks", checks.stream().map(DoctorCommand::row).toList());
        console.out().println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc));
    }

    private static Map<String, Object> row(Check check) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", check.name());
        row.put("status", check.status().name().toLowerCase(java.util.Locale.ROOT));
        row.put("detail", Redacted.urls(check.detail()));
        row.put("fix", Redacted.urls(check.fix()));
        row.put("durationMs", check.durationMs());
        return row;
    }

    private static void text(Migration migration, List<String> remaining, List<Check> checks, boolean ok, long tookMs,
                             PrintStream out) {
        out.println("ferry doctor " + migration.plan().name() + ": " + (remaining.isEmpty() ? "no remaining steps"
                : remaining.size() + " remaining step(s): " + String.join(", ", remaining)));
        int width = checks.stream().mapToInt(c -> c.name().length()).max().orElse(0);
        for (Check check : checks) {
            out.printf("%s %-" + width + "s  %s (%.1f s)%n", check.status().symbol(), check.name(),
                    Redacted.urls(check.detail()), check.durationMs() / 1000.0);
            if (check.fix() != null && check.status() != Check.Status.OK) {
                out.println("  " + " ".repeat(width) + "  fix: " + Redacted.urls(check.fix()));
            }
        }
        Map<Check.Status, Long> counts = checks.stream().collect(Collectors.groupingBy(Check::status,
                () -> new java.util.EnumMap<>(Check.Status.class), Collectors.counting()));
        out.printf("%d passed, %d warning(s), %d failed, %d not checked in %.1f s: %s%n",
                counts.getOrDefault(Check.Status.OK, 0L), counts.getOrDefault(Check.Status.WARN, 0L),
                counts.getOrDefault(Check.Status.FAIL, 0L), counts.getOrDefault(Check.Status.SKIPPED, 0L),
                tookMs / 1000.0, ok ? "ready" : "fix the ✗ lines, then run `ferry doctor` again");
    }
}
