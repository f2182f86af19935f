package dev.ferry.doctor;

import dev.ferry.step.Check;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runner's pure logic: time limits, skipped dependants, lane order, and splitting a failure into detail and fix. */
class DoctorTest {

    @Test
    void aCheckThatHangsFailsAtItsLimitWhileTheOtherLaneFinishes() {
        Probe hangs = Probe.of("hangs", () -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Check.ok("never");
        });
        long start = System.nanoTime();
        List<Check> checks = new Doctor(Duration.ofMillis(300)).run(List.of(
                List.of(hangs, Probe.of("after", () -> Check.ok("fine")).after("hangs")),
                List.of(Probe.of("other", () -> Check.ok("fine")))));
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
        assertThat(checks).extracting(Check::name).containsExactly("hangs", "after", "other");
        assertThat(checks.get(0).status()).isEqualTo(Check.Status.FAIL);
        assertThat(checks.get(0).detail()).isEqualTo("no answer within 0.3 s (the check was abandoned)");
        assertThat(checks.get(1).status()).isEqualTo(Check.Status.SKIPPED);
        assertThat(checks.get(1).detail()).isEqualTo("not checked: hangs failed");
        assertThat(checks.get(2).status()).isEqualTo(Check.Status.OK);
    }

    @Test
    void aWarningDoesNotStopWhatNeedsItAndAnExceptionBecomesAFailureWithItsFix() {
        List<Check> checks = new Doctor(Duration.ofSeconds(5)).run(List.of(List.of(
                Probe.of("warns", () -> Check.warn("close to the limit", "Free some space")),
                Probe.of("throws", () -> {
                    throw new FerryException(ErrorCode.PREFLIGHT_FAILED, "cannot connect to a@b:22: timeout; check"
                            + " that the host is up and reachable, then try again");
                }).after("warns"))));
        assertThat(checks.get(0).passed()).isTrue();
        assertThat(checks.get(1).status()).isEqualTo(Check.Status.FAIL);
        assertThat(checks.get(1).detail()).isEqualTo("cannot connect to a@b:22: timeout");
        assertThat(checks.get(1).fix()).isEqualTo("Check that the host is up and reachable, then try again");
        assertThat(checks).allMatch(c -> c.durationMs() >= 0);
    }

    @Test
    void failuresSplitWhereTheAdviceStarts() {
        assertThat(Check.failed(new RuntimeException("no AWS region; set target.region in the plan")))
                .extracting(Check::detail, Check::fix).containsExactly("no AWS region", "Set target.region in the plan");
        assertThat(Check.failed(new RuntimeException("rds:X on db was denied: grant rds:X to me (AWS said AccessDenied)")))
                .extracting(Check::detail, Check::fix)
                .containsExactly("rds:X on db was denied", "Grant rds:X to me (AWS said AccessDenied)");
        assertThat(Check.failed(new RuntimeException("neither works on the host; nothing was changed. Install it")))
                .extracting(Check::detail, Check::fix).containsExactly("neither works on the host; nothing was changed",
                        "Install it");
        assertThat(Check.failed(new RuntimeException("no usable AWS credentials: none — pass --profile")))
                .extracting(Check::detail, Check::fix).containsExactly("no usable AWS credentials: none", "Pass --profile");
        assertThat(Check.failed(new RuntimeException("just broken"))).extracting(Check::detail, Check::fix)
                .containsExactly("just broken", "Fix what the line says, then run `ferry doctor` again");
    }
}
