package dev.ferry.engine;

import dev.ferry.step.Adapters;
import dev.ferry.step.Reversibility;
import dev.ferry.step.ActionContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.plan.Plan;
import dev.ferry.state.JournalEntry;
import dev.ferry.state.PlanLock;
import dev.ferry.state.StepStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EngineTest {
    @TempDir Path stateDir;
    final ScriptedWorld world = new ScriptedWorld();
    final ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    final Operator yes = new ScriptedOperator(Set.of());

    Plan plan = world.plan("p", world.spec("one", "x"), world.spec("two", "x"), world.spec("three", "x"));

    Migration migration(Plan plan, Reversibility reversibility) {
        return new Migration(plan, "digest", world.bind(plan, reversibility, 3), stateDir, Adapters.unavailable(),
                Clock.systemUTC(), new PrintStream(diagnostics, true, StandardCharsets.UTF_8));
    }

    Migration migration() {
        return migration(plan, Reversibility.REVERSIBLE);
    }

    @Test
    void appliesStepsAndActionsInPlanOrderAndJournalsEachStartAndEnd() {
        assertThat(new Runner(migration(), yes).run(false, Optional.empty())).isEqualTo(Runner.Outcome.COMPLETED);
        assertThat(world.order).containsExactly("one/a1", "one/a2", "one/a3", "two/a1", "two/a2", "two/a3",
                "three/a1", "three/a2", "three/a3");
        Migration reloaded = migration();
        assertThat(reloaded.state().steps().values()).allMatch(r -> r.status() == StepStatus.APPLIED);
        assertThat(reloaded.state().outputs()).containsEntry("two.two.a2", "ok");
        List<JournalEntry> journal = reloaded.journal().read();
        assertThat(journal.stream().filter(e -> e.event().equals(JournalEntry.ACTION_FINISHED))).hasSize(9)
                .allMatch(e -> e.durationMs() != null && e.durationMs() >= 0);
        assertThat(journal.stream().filter(e -> e.event().equals(JournalEntry.ACTION_STARTED))).hasSize(9);
    }

    @Test
    void outputsRecordedFromParallelThreadsAreAllKeptAndAMissingOneIsNamed() {
        world.recordInParallelAt = "one/a2";
        world.parallelRecords = 4000;
        assertThat(new Runner(migration(), yes).run(false, Optional.empty())).isEqualTo(Runner.Outcome.COMPLETED);
        var outputs = migration().state().outputs();
        assertThat(outputs.keySet().stream().filter(k -> k.startsWith("one.parallel."))).hasSize(4000);
        assertThat(outputs).containsEntry("one.parallel.3999", "v3999");

        ActionContext context = new RunContext(migration());
        assertThat(context.requireOutput("one", "parallel.7")).isEqualTo("v7");
        assertThatThrownBy(() -> context.requireOutput("one", "parallel.4000"))
                .isInstanceOf(FerryException.class)
                .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.STEP_FAILED))
                .hasMessageContaining("state has no output one.parallel.4000")
                .hasMessageContaining("`ferry rollback PLAN --to one`");
    }

    @Test
    void untilPausesAfterTheStepAndResumeContinuesWithTheNext() {
        assertThat(new Runner(migration(), yes).run(false, Optional.of("one"))).isEqualTo(Runner.Outcome.PAUSED);
        assertThat(world.order).containsExactly("one/a1", "one/a2", "one/a3");
        assertThat(migration().state().pausedAfter()).isEqualTo("one");
        assertThat(new Runner(migration(), yes).run(true, Optional.empty())).isEqualTo(Runner.Outcome.COMPLETED);
        assertThat(world.applied).hasSize(9).allSatisfy((fact, times) -> assertThat(times).isEqualTo(1));
        assertThat(migration().state().pausedAfter()).isNull();
    }

    @Test
    void resumeWithoutStateIsRefusedWithTheNextAction() {
        assertThatThrownBy(() -> new Runner(migration(), yes).run(true, Optional.empty()))
                .isInstanceOf(FerryException.class).hasMessageContaining("nothing to resume")
                .hasMessageContaining("ferry run").extracting(e -> ((FerryException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT);
    }

    static Stream<Arguments> everyActionBoundary() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (String step : List.of("one", "two", "three")) {
            for (int i = 1; i <= 3; i++) {
                b.add(Arguments.of(step + "/a" + i, true));
                b.add(Arguments.of(step + "/a" + i, false));
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "crash at {0}, before its effect: {1}")
    @MethodSource("everyActionBoundary")
    void aCrashAtAnyActionBoundaryResumesAndAppliesEveryActionExactlyOnce(String fact, boolean before) {
        if (before) {
            world.crashBefore = fact;
        } else {
            world.crashAfter = fact;
        }
        assertThatThrownBy(() -> new Runner(migration(), yes).run(false, Optional.empty())).isInstanceOf(ScriptedWorld.Crash.class);
        world.crashBefore = null;
        world.crashAfter = null;
        assertThat(new Runner(migration(), yes).run(true, Optional.empty())).isEqualTo(Runner.Outcome.COMPLETED);
        assertThat(world.applied).hasSize(9).allSatisfy((f, times) -> assertThat(times).as(f).isEqualTo(1));
        assertThat(migration().state().steps().values()).allMatch(r -> r.status() == StepStatus.APPLIED);
    }

    @Test
    void aFailedActionStopsTheRunAndResumeRetriesFromIt() {
        world.failAt = "two/a2";
        assertThatThrownBy(() -> new Runner(migration(), yes).run(false, Optional.empty()))
                .isInstanceOf(FerryException.class).hasMessageContaining("step two failed at action a2")
                .hasMessageContaining("ferry resume");
        assertThat(migration().state().step("two").orElseThrow().status()).isEqualTo(StepStatus.FAILED);
        world.failAt = null;
        new Runner(migration(), yes).run(true, Optional.empty());
        assertThat(world.applied).hasSize(9).allSatisfy((f, times) -> assertThat(times).isEqualTo(1));
    }

    @Test
    void aFailureThatNamesItsOwnNextActionIsNotGivenTheGenericAdvice() {
        world.failAt = "two/a2";
        world.failWith = FerryException.withNextAction(ErrorCode.STEP_FAILED, "the thing will never be ready",
                "Undo the step with `ferry rollback PLAN --last`");
        assertThatThrownBy(() -> new Runner(migration(), yes).run(false, Optional.empty()))
                .isInstanceOf(FerryException.class).hasMessageContaining("step two failed at action a2: the thing will"
                        + " never be ready. Undo the step with `ferry rollback PLAN --last`")
                .hasMessageNotContaining("next:").hasMessageNotContaining("ferry resume");
        assertThat(migration().state().step("two").orElseThrow().status()).isEqualTo(StepStatus.FAILED);
    }

    @Test
    void aStepFailureAdvisedByItselfEndsInExactlyItsOwnAdviceAndAPlainOneGetsTheGenericAdviceOnce() {
        world.failAt = "two/a2";
        world.failWith = FerryException.withNextAction(ErrorCode.STEP_FAILED, "the queue is stuck",
                "Drain it by hand, then run `ferry resume PLAN`");
        String advised = failureOf(() -> new Runner(migration(), yes).run(false, Optional.empty()));
        assertThat(advised).contains("step two failed at action a2: the queue is stuck. Drain it by hand, then run"
                + " `ferry resume PLAN`").doesNotContain("next:").doesNotContain("ferry rollback");
        assertThat(occurrences(advised, "ferry resume")).as(advised).isOne();

        world.failWith = new FerryException(ErrorCode.STEP_FAILED, "the queue is stuck");
        String plain = failureOf(() -> new Runner(migration(), yes).run(true, Optional.empty()));
        assertThat(plain).contains("step two failed at action a2: the queue is stuck\nnext: fix the cause, then run"
                + " `ferry resume PLAN` (finished actions are not repeated) or undo the step with"
                + " `ferry rollback PLAN --last`");
        assertThat(occurrences(plain, "next:")).as(plain).isOne();
    }

    @Test
    void aRollbackFailureAdvisedByItselfEndsInExactlyItsOwnAdviceAndAPlainOneGetsTheGenericAdviceOnce() {
        new Runner(migration(), yes).run(false, Optional.empty());
        world.refuseUndo = "three/a2";
        world.refuseUndoWith = FerryException.withNextAction(ErrorCode.STEP_FAILED, "the file changed since ferry"
                + " edited it", "Restore it by hand, then run the rollback again");
        String advised = failureOf(() -> new Rollback(migration(), yes).last());
        assertThat(advised).contains("rollback of three failed at action undo-a2: the file changed since ferry edited"
                + " it. Restore it by hand, then run the rollback again").doesNotContain("next:")
                .doesNotContain("--undone-by-hand");

        world.refuseUndoWith = new FerryException(ErrorCode.STEP_FAILED, "the file changed since ferry edited it");
        String plain = failureOf(() -> new Rollback(migration(), yes).to("three"));
        assertThat(plain).contains("rollback of three failed at action undo-a2: the file changed since ferry edited"
                + " it\nnext: fix the cause, then run `ferry rollback PLAN --to three` again")
                .contains("`ferry rollback PLAN --undone-by-hand three`");
        assertThat(occurrences(plain, "next:")).as(plain).isOne();
    }

    private static String failureOf(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(thrown).isInstanceOf(FerryException.class);
        return thrown.getMessage();
    }

    private static int occurrences(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    @Test
    void aFailedActionRunsTheStepsRecoveryAndSaysSo() {
        world.failAt = "two/a2";
        assertThatThrownBy(() -> new Runner(migration(), yes).run(false, Optional.empty()))
                .isInstanceOf(FerryException.class).hasMessageContaining("recovered: restart after a2");
        assertThat(world.order).endsWith("two/a1", "recover two after a2");
        assertThat(migration().journal().read()).anyMatch(e -> "recover".equals(e.phase())
                && JournalEntry.ACTION_FINISHED.equals(e.event()) && "restart".equals(e.action()));
        assertThat(migration().state().step("two").orElseThrow().status()).isEqualTo(StepStatus.FAILED);
    }

    @Test
    void aFailedCheckChangesNothingRunsNoRecoveryAndLeavesNothingToRollBack() {
        world.leadingCheck = true;
        world.failAt = "two/check";
        assertThatThrownBy(() -> new Runner(migration(), yes).run(false, Optional.empty()))
                .isInstanceOf(FerryException.class)
                .hasMessageContaining("step two failed at action check: the check of two failed")
                .hasMessageContaining("nothing was changed (only checks ran), so there is nothing to roll back")
                .hasMessageContaining("next: fix the cause, then run `ferry resume PLAN`")
                .hasMessageNotContaining("rollback").hasMessageNotContaining("recovered");
        assertThat(world.order).as("no recovery after a failed check").doesNotContain("recover two after check");
        assertThatThrownBy(() -> new Rollback(migration(), yes).last()).isInstanceOf(FerryException.class)
                .hasMessageContaining("nothing to roll back: step two stopped before it changed anything")
                .hasMessageContaining("`ferry rollback PLAN --to one`")
                .extracting(e -> ((FerryException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(world.present).as("rollback --last undid nothing").contains("one/a1", "one/a2", "one/a3");
        world.failAt = null;
        assertThat(new Runner(migration(), yes).run(true, Optional.empty())).isEqualTo(Runner.Outcome.COMPLETED);
    }

    @Test
    void rollingBackAcrossAStepThatChangedNothingRecordsItWithoutUndoingAnything() {
        world.leadingCheck = true;
        world.failAt = "two/check";
        assertThatThrownBy(() -> new Runner(migration(), yes).run(false, Optional.empty()));
        world.order.clear();
        assertThat(new Rollback(migration(), yes).to("one")).containsExactly("two", "one");
        assertThat(world.order).containsExactly("undo one/a3", "undo one/a2", "undo one/a1");
        assertThat(migration().state().step("two").orElseThrow().status()).isEqualTo(StepStatus.ROLLED_BACK);
    }

    @Test
    void aRollbackUndoesOnlyTheActionsWhoseApplyStarted() {
        world.failAt = "two/a2";
        assertThatThrownBy(() -> new Runner(migration(), yes).run(false, Optional.empty()));
        world.order.clear();
        assertThat(new Rollback(migration(), yes).last()).containsExactly("two");
        assertThat(world.order).as("a2 started (and failed), a3 never did").containsExactly("undo two/a2", "undo two/a1");
        assertThat(diagnostics.toString(StandardCharsets.UTF_8)).contains("skip undo undo-a3: a3 never ran");
        assertThat(world.present).containsExactly("one/a1", "one/a2", "one/a3");
    }

    @Test
    void aFailedRollbackIsNeverADeadEndRetryItOrRecordItUndoneByHand() {
        new Runner(migration(), yes).run(false, Optional.empty());
        world.failAt = null;
        world.refuseUndo = "three/a2";
        assertThatThrownBy(() -> new Rollback(migration(), yes).last()).isInstanceOf(FerryException.class);
        assertThat(migration().state().step("three").orElseThrow().status()).isEqualTo(StepStatus.ROLLBACK_FAILED);
        assertThatThrownBy(() -> new Runner(migration(), yes).run(true, Optional.empty()))
                .isInstanceOf(FerryException.class)
                .hasMessageContaining("`ferry rollback PLAN --to three`")
                .hasMessageContaining("`ferry rollback PLAN --undone-by-hand three`");
        assertThatThrownBy(() -> new Rollback(migration(), yes).undoneByHand("three"))
                .isInstanceOf(FerryException.class).hasMessageContaining("nothing was changed")
                .extracting(e -> ((FerryException) e).code()).isEqualTo(ErrorCode.CONFIRMATION_REQUIRED);
        new Rollback(migration(), new ScriptedOperator(Set.of("three"))).undoneByHand("three");
        assertThat(migration().state().step("three").orElseThrow().status()).isEqualTo(StepStatus.ROLLED_BACK);
        assertThat(migration().journal().read()).anyMatch(e -> JournalEntry.STEP_ROLLED_BACK.equals(e.event())
                && e.message() != null && e.message().startsWith("undone by hand"));
        world.refuseUndo = null;
        assertThat(new Runner(migration(), yes).run(true, Optional.empty())).isEqualTo(Runner.Outcome.COMPLETED);
    }

    @Test
    void outputsRecordedBeforeAnActionFailedAreKeptForItsRollback() {
        world.persistThenFailAt = "two/a1";
        assertThatThrownBy(() -> new Runner(migration(), yes).run(false, Optional.empty()));
        var outputs = migration().state().step("two").orElseThrow().outputs();
        assertThat(outputs).containsEntry("backupOftwoa1", "/backups/two/a1").containsEntry("recordedOnly", "x");
    }

    @Test
    void rollbackUndoesAppliedStepsInReverseOrderDownToTheTarget() {
        new Runner(migration(), yes).run(false, Optional.empty());
        world.order.clear();
        assertThat(new Rollback(migration(), yes).to("two")).containsExactly("three", "two");
        assertThat(world.order).containsExactly("undo three/a3", "undo three/a2", "undo three/a1",
                "undo two/a3", "undo two/a2", "undo two/a1");
        Migration after = migration();
        assertThat(after.state().step("two").orElseThrow().status()).isEqualTo(StepStatus.ROLLED_BACK);
        assertThat(after.state().step("one").orElseThrow().status()).isEqualTo(StepStatus.APPLIED);
        assertThat(after.journal().read().stream().filter(e -> e.event().equals(JournalEntry.STEP_ROLLED_BACK))).hasSize(2);
        assertThat(new Rollback(migration(), yes).last()).containsExactly("one");
    }

    @Test
    void aRollbackRefusedBeforeUndoingAnythingLeavesTheStepApplied() {
        new Runner(migration(), yes).run(false, Optional.empty());
        world.refuseUndo = "three/a3";
        assertThatThrownBy(() -> new Rollback(migration(), yes).last()).isInstanceOf(FerryException.class)
                .extracting(e -> ((FerryException) e).code()).isEqualTo(ErrorCode.CONFIRMATION_REQUIRED);
        assertThat(migration().state().step("three").orElseThrow().status()).isEqualTo(StepStatus.APPLIED);
        assertThat(new Runner(migration(), yes).run(true, Optional.empty())).isEqualTo(Runner.Outcome.COMPLETED);
    }

    @Test
    void aRolledBackStepIsAppliedAgainByTheNextRun() {
        new Runner(migration(), yes).run(false, Optional.empty());
        new Rollback(migration(), yes).last();
        new Runner(migration(), yes).run(false, Optional.empty());
        assertThat(world.applied.get("three/a1")).isEqualTo(2);
        assertThat(world.present).contains("three/a1", "three/a2", "three/a3");
    }

    @Test
    void aOneWayStepNeedsATypedConfirmationToApplyAndToRollBackPast() {
        Migration oneWay = migration(plan, Reversibility.ONE_WAY);
        assertThatThrownBy(() -> new Runner(oneWay, yes).run(false, Optional.empty()))
                .isInstanceOf(FerryException.class).hasMessageContaining("--confirm one")
                .extracting(e -> ((FerryException) e).code()).isEqualTo(ErrorCode.CONFIRMATION_REQUIRED);
        assertThat(world.applied).isEmpty();
        Operator confirmed = new ScriptedOperator(Set.of("one", "two", "three"));
        new Runner(migration(plan, Reversibility.ONE_WAY), confirmed).run(false, Optional.empty());
        assertThatThrownBy(() -> new Rollback(migration(plan, Reversibility.ONE_WAY), yes).last())
                .isInstanceOf(FerryException.class).hasMessageContaining("one-way step three");
    }

    @Test
    void aSecondRunOnTheSamePlanIsRefusedNamingTheHolder() {
        try (PlanLock held = PlanLock.acquire(stateDir, Clock.systemUTC())) {
            assertThatThrownBy(() -> new Runner(migration(), yes).run(false, Optional.empty()))
                    .isInstanceOf(FerryException.class)
                    .hasMessageContaining("pid " + ProcessHandle.current().pid())
                    .hasMessageContaining(held.holder().id())
                    .extracting(e -> ((FerryException) e).code()).isEqualTo(ErrorCode.LOCKED);
        }
        assertThat(world.applied).isEmpty();
        new Runner(migration(), yes).run(false, Optional.empty());
        assertThat(world.applied).hasSize(9);
    }

    @Test
    void aPlanWhoseAppliedStepChangedIsRefusedNamingBothDigests() {
        new Runner(migration(), yes).run(false, Optional.of("one"));
        Plan changed = world.plan("p", world.spec("one", "CHANGED"), world.spec("two", "x"), world.spec("three", "x"));
        assertThatThrownBy(() -> new Runner(migration(changed, Reversibility.REVERSIBLE), yes).run(true, Optional.empty()))
                .isInstanceOf(FerryException.class)
                .hasMessageMatching("(?s).*'one' was applied with plan input [0-9a-f]{12} but the plan now gives [0-9a-f]{12}.*")
                .hasMessageContaining("ferry rollback PLAN --to one")
                .extracting(e -> ((FerryException) e).code()).isEqualTo(ErrorCode.STATE_CONFLICT);
        Plan changedLater = world.plan("p", world.spec("one", "x"), world.spec("two", "y"), world.spec("three", "x"));
        new Runner(migration(changedLater, Reversibility.REVERSIBLE), yes).run(true, Optional.empty());
        assertThat(world.applied).hasSize(9);
    }

    @Test
    void anotherPlansStateIsRefused() {
        new Runner(migration(), yes).run(false, Optional.of("one"));
        Plan other = world.plan("other", world.spec("one", "x"));
        assertThatThrownBy(() -> new Runner(migration(other, Reversibility.REVERSIBLE), yes).run(true, Optional.empty()))
                .isInstanceOf(FerryException.class).hasMessageContaining("belongs to plan 'p'")
                .hasMessageContaining("not to plan 'other'");
    }

    @Test
    void aCorruptStateFileIsReportedNeverReset() throws Exception {
        new Runner(migration(), yes).run(false, Optional.of("one"));
        Path file = stateDir.resolve("state.json");
        Files.writeString(file, Files.readString(file).replace("\"APPLIED\"", "\"SKIPPED\""));
        assertThatThrownBy(this::migration).isInstanceOf(FerryException.class)
                .hasMessageContaining("state.json:2:16: corrupt state: checksum mismatch")
                .hasMessageContaining("state.json.bak")
                .extracting(e -> ((FerryException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT);
        Files.writeString(file, "{\"checksum\": \"ab\", \"state\": {");
        assertThatThrownBy(this::migration).isInstanceOf(FerryException.class).hasMessageContaining("corrupt state");
    }
}
