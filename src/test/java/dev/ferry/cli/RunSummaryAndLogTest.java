package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.state.Json;
import dev.ferry.steps.StepLibrary;
import dev.ferry.testing.FerryCli;
import dev.ferry.testing.FerryCli.Result;
import dev.ferry.wiring.Wiring;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** `run`/`resume` end with a summary (text and JSON) and leave a redacted, rotated DEBUG log in the state directory. */
class RunSummaryAndLogTest {
    @TempDir Path dir;

    @Test
    void theSummaryCountsStepsAndMeasuresDowntimePerStepThroughTheEdge() throws Exception {
        Path plan = HookPlans.write(dir, 3, 1, "0");
        // hook-2 takes the app down for ~3 s: the probe (the edge URL answered from a file here) sees 503 meanwhile
        Files.writeString(plan, Files.readString(plan).replace("echo s2a1 >> out.txt; sleep 0",
                "echo s2a1 >> out.txt; touch down; sleep 3; rm -f down"));
        List<URI> asked = new CopyOnWriteArrayList<>();
        Wiring wiring = Wiring.real().withSteps(new StepLibrary((uri, timeout) -> {
            asked.add(uri);
            return Files.exists(dir.resolve("down")) ? 503 : 200;
        }));
        Result r = FerryCli.ferry(wiring, "run", plan.toString(), "--yes");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("redash-prod: completed in \\d+s \\(3 applied, 0 skipped, 0 failed in this run\\)")
                .containsPattern("hook-1\\s+applied\\s+\\d+s\\n")
                .containsPattern("hook-2\\s+applied\\s+\\d+s, app down [2-4]s")
                .containsPattern("downtime: [2-4]s measured by \\d+ probes of https://redash.example.com/ping");
        assertThat(asked).isNotEmpty().allMatch(u -> u.toString().equals("https://redash.example.com/ping"));
        assertThat(r.err()).containsPattern("(?m)^\\d\\d:\\d\\d:\\d\\d \\+\\d+s step hook-1: ");
    }

    @Test
    void withoutAnEdgeDowntimeIsNotMeasuredAndJsonCarriesTheSameSummary() throws Exception {
        Path plan = HookPlans.write(dir, 2, 1, "0");
        String text = Files.readString(plan);
        int edge = text.indexOf("\nedge:");
        int next = text.indexOf("\n# Where ferry keeps", edge);
        Files.writeString(plan, text.substring(0, edge) + text.substring(next));
        Result r = FerryCli.ferry(Wiring.real(), "run", plan.toString(), "--yes", "--until", "hook-1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("redash-prod: paused in").contains("(1 applied, 0 skipped, 0 failed in this run)")
                .contains("downtime: not measured (plan has no edge)");
        Result json = FerryCli.ferry(Wiring.real(), "resume", plan.toString(), "--yes", "-o", "json");
        assertThat(json.code()).as(json.err()).isZero();
        JsonNode summary = Json.mapper().readTree(json.out());
        assertThat(summary.get("outcome").asText()).isEqualTo("completed");
        assertThat(summary.get("applied").asInt()).isEqualTo(1);
        assertThat(summary.get("steps").get(0).get("id").asText()).isEqualTo("hook-2");
        assertThat(summary.get("downtime").get("measured").asBoolean()).isFalse();
        assertThat(summary.get("wall_seconds").asDouble()).isPositive();
    }

    @Test
    void everyRunWritesARedactedDebugLogInTheStateDirectory() throws Exception {
        Path plan = HookPlans.write(dir, 2, 1, "0");
        Files.writeString(plan, Files.readString(plan).replace("echo s1a1 >> out.txt;",
                "echo s1a1 >> out.txt; true postgresql://app:hunter2secret@db.internal/redash;"));
        Result r = FerryCli.ferry(Wiring.real().withSteps(new StepLibrary((u, t) -> 200)), "run", plan.toString(), "--yes");
        assertThat(r.code()).as(r.err()).isZero();
        Path log = dir.resolve(".ferry").resolve("redash-prod").resolve("ferry.log");
        assertThat(log).exists();
        String text = Files.readString(log);
        assertThat(text).contains(" DEBUG ").contains("hook-1/s1a1 LOCAL_COMMAND").contains("postgresql://app:****@db.internal")
                .contains("step hook-2: ").contains("summary: ").doesNotContain("hunter2secret");
        assertThat(r.err() + r.out()).doesNotContain("hunter2secret");

        Result back = FerryCli.ferry(Wiring.real().withSteps(new StepLibrary((u, t) -> 200)), "rollback",
                plan.toString(), "--last", "--yes");
        assertThat(back.code()).as(back.err()).isZero();
        assertThat(Files.readString(log)).as("the rollback logs to the same file").contains("undo ")
                .doesNotContain("hunter2secret");
    }

    @Test
    void theRunLogRotatesAtFiveMegabytesKeepingFiveFiles() throws Exception {
        Path state = dir.resolve("state");
        try (RunLog ignored = RunLog.open(state, List.of())) {
            org.slf4j.Logger log = LoggerFactory.getLogger("dev.ferry.rotation");
            String line = "x".repeat(1000);
            for (int i = 0; i < 12_000; i++) {
                log.debug("{} {}", i, line);
                if (i % 1_000 == 0) {
                    Thread.sleep(RunLog.CHECK_MILLIS); // the size is looked at every CHECK_MILLIS
                }
            }
        }
        assertThat(state.resolve("ferry.log")).exists();
        assertThat(state.resolve("ferry.log.1")).exists();
        assertThat(Files.size(state.resolve("ferry.log.1"))).isBetween(5L * 1024 * 1024, 7L * 1024 * 1024);
        assertThat(RunLog.KEPT).isEqualTo(5);
        assertThat(LoggerFactory.getILoggerFactory()).isInstanceOf(LoggerContext.class);
    }

    @Test
    void knownSecretValuesFromTheEnvironmentAreMasked() {
        RedactingEncoder encoder = new RedactingEncoder();
        encoder.alsoMask(RedactingEncoder.secretValues(Map.of("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG",
                "REDASH_DB_PASSWORD", "correct-horse", "HOME", "/home/ops")));
        assertThat(encoder.redact("key wJalrXUtnFEMI/K7MDENG pw correct-horse home /home/ops"))
                .isEqualTo("key **** pw **** home /home/ops");
    }
}
