package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.ErrorCode;
import dev.ferry.step.Adapters;
import dev.ferry.plan.StepIds;
import dev.ferry.state.Json;
import dev.ferry.testing.FerryCli;
import dev.ferry.testing.FerryCli.Result;
import dev.ferry.wiring.Wiring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import dev.ferry.state.PlanLock;
import java.time.Clock;
import java.util.stream.Stream;

class CliTest {
    @TempDir Path dir;

    static Result ferry(String input, boolean terminal, String... args) {
        return FerryCli.ferry(Wiring.real(), input, terminal, args);
    }

    static Result ferry(String... args) {
        return ferry("", false, args);
    }

    @Test
    void validateAcceptsTheFlagshipPlan() {
        Result r = ferry("validate", "plans/redash.yaml");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("plan redash-prod is valid (9 steps");
    }

    @Test
    void validateReportsProblemsWithLocationAndExitCode2() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, Files.readString(Path.of("plans/redash.yaml")).replace("envFile:", "envFle:"));
        Result r = ferry("validate", bad.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).containsPattern("bad\\.yaml:\\d+:\\d+: .*envFle");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void planListsAllNineStepsWithTheirActionsAndRollbacks() {
        Result r = ferry("plan", "plans/redash.yaml", "--state-dir", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        for (String id : StepIds.ALL) {
            assertThat(r.out()).contains(id + " [pending]");
        }
        assertThat(r.out()).contains("rds:CreateDBInstance").contains("rollback:");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void planAsJsonParsesAndHasEveryStepsActions() throws Exception {
        Result r = ferry("plan", "plans/redash.yaml", "--output", "json", "--state-dir", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = Json.mapper().readTree(r.out());
        assertThat(doc.get("plan").asText()).isEqualTo("redash-prod");
        assertThat(doc.get("steps")).hasSize(9);
        for (JsonNode step : doc.get("steps")) {
            assertThat(step.get("actions").size()).as(step.get("id").asText()).isPositive();
        }
    }

    @Test
    void runRefusesToAskWithoutATerminalUnlessYes() throws Exception {
        Path plan = HookPlans.write(dir, 1, 1, "0");
        Result r = ferry("run", plan.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("pass --yes");
        assertThat(dir.resolve(".ferry")).doesNotExist();
    }

    @Test
    void runWithoutAnAdapterFailsLoudlyAsUnavailable() {
        Result r = FerryCli.ferry(Wiring.real().withAdapters(Adapters.unavailable()),
                "run", "plans/redash.yaml", "--yes", "--state-dir", dir.toString());
        assertThat(r.code()).isEqualTo(6);
        assertThat(r.err()).contains("adapter is wired for this run").contains("ferry resume");
        Result status = ferry("status", "plans/redash.yaml", "--state-dir", dir.toString());
        assertThat(status.out()).containsPattern("upgrade-local-postgres\\s+failed");
    }

    @Test
    void interactiveRunShowsDetailsAppliesAndPauses() throws Exception {
        Path plan = HookPlans.write(dir, 2, 2, "0");
        Result r = ferry("d\na\np\n", true, "run", plan.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("[a]pply").contains("apply:").contains("echo s1a1 >> out.txt");
        assertThat(r.out()).contains("paused");
        assertThat(Files.readAllLines(dir.resolve("out.txt"))).containsExactly("s1a1", "s1a2");
        Result status = ferry("status", plan.toString(), "--output", "json");
        assertThat(status.out()).contains("\"pausedAfter\" : \"hook-1\"");
    }

    @Test
    void untilResumeStatusLogRollbackAndRunbookWorkTogether() throws Exception {
        Path plan = HookPlans.write(dir, 3, 2, "0");
        assertThat(ferry("run", plan.toString(), "--yes", "--until", "hook-2").code()).isZero();
        assertThat(Files.readAllLines(dir.resolve("out.txt"))).hasSize(4);
        assertThat(ferry("resume", plan.toString(), "--yes").code()).isZero();
        assertThat(Files.readAllLines(dir.resolve("out.txt"))).containsExactly("s1a1", "s1a2", "s2a1", "s2a2", "s3a1", "s3a2");
        Result status = ferry("status", plan.toString());
        assertThat(status.out()).containsPattern("hook-3\\s+applied");
        Result log = ferry("log", plan.toString(), "--step", "hook-2");
        assertThat(log.out()).contains("action-finished  hook-2 / apply s2a2");
        Result rollback = ferry("rollback", plan.toString(), "--to", "hook-2", "--yes");
        assertThat(rollback.code()).as(rollback.err()).isZero();
        assertThat(rollback.out()).contains("rolled back hook-3, hook-2");
        assertThat(Files.readAllLines(dir.resolve("out.txt"))).containsExactly("s1a1", "s1a2");
        Result runbook = ferry("runbook", plan.toString());
        assertThat(runbook.out()).startsWith("# Runbook: redash-prod").contains("## hook-1").contains("- [ ] **s1a1**");
    }

    @Test
    void unknownFlagsAndMissingArgumentsExitWith2() {
        assertThat(ferry("plan").code()).isEqualTo(2);
        assertThat(ferry("run", "plans/redash.yaml", "--frobnicate").code()).isEqualTo(2);
        assertThat(ferry("rollback", "plans/redash.yaml", "--yes").err()).contains("--to");
        assertThat(ferry("nonsense").code()).isEqualTo(2);
        assertThat(ferry("validate", dir.resolve("missing.yaml").toString()).code()).isEqualTo(2);
    }

    @Test
    void unlockNeedsTheRightLockId() throws Exception {
        Path plan = HookPlans.write(dir, 1, 1, "0");
        Result wrong = ferry("unlock", plan.toString(), "--force", "deadbeef");
        assertThat(wrong.code()).isEqualTo(2);
        assertThat(wrong.err()).contains("no lock");
    }

    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        Result r = ferry("--help");
        assertThat(r.code()).isZero();
        for (String command : List.of("validate", "plan", "run", "resume", "status", "rollback", "log", "unlock", "runbook")) {
            assertThat(r.out()).contains(command);
        }
        assertThat(r.out()).contains("Exit codes:");
    }

    @Test
    void helpListsEveryErrorCodeWithItsNumberAndMeaning() {
        String help = ferry("--help").out().replaceAll("\\s+", " ");
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(help).as(code.name())
                    .contains(" " + code.exitCode() + " " + code.name() + ": " + code.meaning());
        }
    }

    static Stream<Path> malformedPlans() throws Exception {
        return Files.list(Path.of("src/test/resources/plans/invalid")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedPlans")
    void everyMalformedPlanExitsWith2AndALocatedMessage(Path fixture) {
        Result r = ferry("validate", fixture.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).containsPattern(java.util.regex.Pattern.quote(fixture.toString()) + ":\\d+:\\d+: ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aSecondRunIsRefusedWithExit3NamingTheHolder() throws Exception {
        Path plan = HookPlans.write(dir, 1, 1, "0");
        try (PlanLock held = PlanLock.acquire(dir.resolve(".ferry/redash-prod"), Clock.systemUTC())) {
            Result r = ferry("run", plan.toString(), "--yes");
            assertThat(r.code()).isEqualTo(3);
            assertThat(r.err()).contains("held by pid " + ProcessHandle.current().pid()).contains(held.holder().id());
        }
        assertThat(Files.readString(dir.resolve("out.txt"))).isEmpty();
    }

    @Test
    void anUnreachableSourceHostFailsThePreCheckWithExit7AndChangesNothing() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Path key = dir.resolve("id_ecdsa");
        com.jcraft.jsch.KeyPair.genKeyPair(new com.jcraft.jsch.JSch(), com.jcraft.jsch.KeyPair.ECDSA, 256)
                .writePrivateKey(key.toString());
        Path plan = dir.resolve("unreachable.yaml");
        Files.writeString(plan, Files.readString(Path.of("plans/redash.yaml"))
                .replace("~/.ssh/redash-prod.pem", key.toString())
                .replace("${env:REDASH_HOST:-redash-ec2.internal.example.com}", "127.0.0.1")
                .replace("  port: 22\n", "  port: " + closedPort + "\n"));
        Result r = ferry("run", plan.toString(), "--yes");
        assertThat(r.code()).as(r.err()).isEqualTo(7);
        assertThat(r.err()).contains("127.0.0.1").contains(String.valueOf(closedPort));
        Result status = ferry("status", plan.toString());
        assertThat(status.out()).containsPattern("upgrade-local-postgres\\s+failed");
    }
}
