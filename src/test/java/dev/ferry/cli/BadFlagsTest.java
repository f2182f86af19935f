package dev.ferry.cli;

import static dev.ferry.cli.CliTest.ferry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.FerryCli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad flags on every command: exit 2, a message on stderr naming the bad value and what to do, nothing on stdout, and
 * not one byte changed next to the plan (no {@code .ferry} folder when there was no state, the same state when there
 * was). The plan has two reversible hook steps, hook-1 and hook-2; "after hook-1" cases start from a run paused there.
 */
class BadFlagsTest {
    @TempDir Path dir;

    /** {@code args} may say {PLAN} and {DIR}; {@code says} are fragments stderr must contain. */
    record Case(String name, boolean afterHook1, List<String> args, List<String> says) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case fresh(String name, String args, String... says) {
        return new Case(name, false, List.of(args.split(" ")), List.of(says));
    }

    static Case afterHook1(String name, String args, String... says) {
        return new Case(name, true, List.of(args.split(" ")), List.of(says));
    }

    static Stream<Case> cases() {
        return Stream.concat(withoutState(), afterHook1());
    }

    static Stream<Case> withoutState() {
        return Stream.of(
                fresh("unknown option, with did-you-mean", "run {PLAN} --yess",
                        "Unknown option: '--yess'", "did you mean '--yes'?", "ferry run --help"),
                fresh("unknown command, with did-you-mean", "valdate {PLAN}",
                        "'valdate'", "did you mean 'validate'?", "ferry --help"),
                fresh("missing plan argument", "plan", "Missing required parameter: 'PLAN'", "ferry plan --help"),
                fresh("plan file does not exist", "validate {DIR}/hooks.yml",
                        "plan file {DIR}/hooks.yml does not exist", "check the path"),
                fresh("plan path is a directory", "status {DIR}",
                        "{DIR} is a directory, not a plan file", "pass the plan's YAML file"),
                fresh("--until names an unknown step", "run {PLAN} --yes --until hook-9",
                        "--until: plan redash-prod has no step 'hook-9'", "did you mean 'hook-1'?"),
                fresh("--until names a built-in step the plan does not list", "run {PLAN} --yes --until provision",
                        "has no step 'provision'", "expected one of hook-1, hook-2"),
                fresh("--confirm names a step not in the plan", "run {PLAN} --yes --confirm decommission",
                        "--confirm: plan redash-prod has no step 'decommission'", "expected one of hook-1, hook-2"),
                fresh("--confirm names a step that is not one-way", "run {PLAN} --yes --confirm hook-1",
                        "step 'hook-1' is reversible, not one-way", "remove --confirm hook-1"),
                fresh("--confirm without a step", "run {PLAN} --yes --confirm",
                        "Missing required parameter for option '--confirm'", "ferry run --help"),
                fresh("--region is not a region", "run {PLAN} --yes --region Ireland",
                        "--region 'Ireland' is not an AWS region", "like eu-west-1"),
                fresh("--output names an unknown format", "status {PLAN} -o yaml",
                        "'yaml'", "[TEXT, JSON]", "ferry status --help"),
                fresh("--state-dir is a file", "status {PLAN} --state-dir {DIR}/out.txt",
                        "state directory {DIR}/out.txt is a file", "pass --state-dir DIR"),
                fresh("resume with nothing to resume", "resume {PLAN} --yes",
                        "nothing to resume", "start the migration with `ferry run PLAN`"),
                fresh("unlock --force without a lock id", "unlock {PLAN} --force",
                        "Missing required parameter for option '--force'", "ferry unlock --help"),
                fresh("runbook has no --step", "runbook {PLAN} --step hook-1",
                        "Unknown options: '--step', 'hook-1'", "ferry runbook --help"),
                fresh("doctor --check-timeout of zero", "doctor {PLAN} --check-timeout 0",
                        "--check-timeout 0 must be 1 or more"),
                fresh("state push without a plan", "state push", "Missing required parameter: 'PLAN'",
                        "ferry state push --help"),
                fresh("state with a misspelt subcommand", "state pul {PLAN}", "'pul'", "did you mean 'pull'?",
                        "ferry state --help"),
                fresh("state pull with a misspelt option", "state pull {PLAN} --yes --forse",
                        "Unknown option: '--forse'", "did you mean '--force'?", "ferry state pull --help"),
                fresh("state pull without --yes and no terminal", "state pull {PLAN}", "pass --yes to pull"),
                fresh("state push of a plan whose state is local", "state push {PLAN} --yes",
                        "plan redash-prod keeps its state locally", "add state: {backend: s3"));
    }

    static Stream<Case> afterHook1() {
        return Stream.of(
                afterHook1("rollback --to names an unknown step", "rollback {PLAN} --yes --to hook-9",
                        "--to: plan redash-prod has no step 'hook-9'", "did you mean 'hook-1'?"),
                afterHook1("rollback with both --to and --last", "rollback {PLAN} --yes --to hook-1 --last",
                        "--to=STEP, --last are mutually exclusive", "ferry rollback --help"),
                afterHook1("rollback with neither --to nor --last", "rollback {PLAN} --yes",
                        "--to=STEP", "--last", "ferry rollback --help"),
                afterHook1("rollback --confirm names a step that is not one-way",
                        "rollback {PLAN} --yes --to hook-1 --confirm hook-1",
                        "step 'hook-1' is reversible, not one-way", "remove --confirm hook-1"),
                afterHook1("log --step names an unknown step", "log {PLAN} --step hook-7",
                        "--step: plan redash-prod has no step 'hook-7'", "did you mean 'hook-1'?"),
                afterHook1("resume --until names an unknown step", "resume {PLAN} --yes --until hook-3",
                        "--until: plan redash-prod has no step 'hook-3'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void exitsWith2SaysWhatAndChangesNothing(Case c) throws Exception {
        Path plan = HookPlans.write(dir, 2, 1, "0");
        if (c.afterHook1()) {
            assertThat(ferry("run", plan.toString(), "--yes", "--until", "hook-1").code()).isZero();
        }
        DiskSnapshot before = DiskSnapshot.of(dir);

        Result r = ferry(c.args().stream().map(a -> fill(a, plan)).toArray(String[]::new));

        assertThat(r.code()).as(r.err()).isEqualTo(2);
        for (String fragment : c.says()) {
            assertThat(r.err()).contains(fill(fragment, plan));
        }
        assertThat(r.out()).isEmpty();
        assertThat(DiskSnapshot.of(dir)).isEqualTo(before);
        if (!c.afterHook1()) {
            assertThat(dir.resolve(".ferry")).doesNotExist();
        }
    }

    /** The control: the same harness does see a change, so "nothing changed" above is a real check. */
    @Test
    void aGoodRunChangesTheSnapshot() throws Exception {
        Path plan = HookPlans.write(dir, 2, 1, "0");
        DiskSnapshot before = DiskSnapshot.of(dir);

        Result r = ferry("run", plan.toString(), "--yes", "--until", "hook-1");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(DiskSnapshot.of(dir)).isNotEqualTo(before);
        assertThat(Files.readAllLines(dir.resolve("out.txt"))).containsExactly("s1a1");
    }

    private String fill(String text, Path plan) {
        return text.replace("{PLAN}", plan.toString()).replace("{DIR}", dir.toString());
    }
}
