package dev.ferry.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ferry.ErrorCode;
import dev.ferry.Failures;
import dev.ferry.FerryException;
import dev.ferry.host.SshOptions;
import dev.ferry.host.SshShell;
import dev.ferry.plan.Plan;
import dev.ferry.plan.PlanLoader;
import dev.ferry.plan.StepIds;
import dev.ferry.sandbox.SandboxPlan;
import dev.ferry.sandbox.aws.SandboxWorld;
import dev.ferry.sandbox.host.RedashSandbox;
import dev.ferry.sandbox.host.SandboxHost;
import dev.ferry.step.Action;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A failure inside the writers-stopped window says whether the app is still down, read from the sandbox host's
 * {@code docker compose ps}: it is after a failure that leaves the writers stopped, it is not after one that started
 * them again on the local database (as a failed copy or catch-up does), and the failure keeps its code and advice.
 */
class StoppedWindowSandboxTest {
    private static final List<String> WRITERS = List.of("server", "worker");

    private static Path root;
    private static SandboxHost host;
    private static RedashSandbox redash;
    private static Plan plan;

    @BeforeAll
    static void start() throws Exception {
        root = Files.createTempDirectory(Path.of("/tmp"), "ferry-window-");
        host = SandboxHost.start(root);
        Path knownHosts = host.writeKnownHosts(root.resolve("known_hosts"));
        redash = RedashSandbox.seed(host);
        redash.docker("up -d").orThrow("up");
        var source = host.sourceHost(knownHosts);
        String yaml = SandboxPlan.named("sbx-window").source(source).redashCompose(redash.directory())
                .target(SandboxWorld.defaults(), "sbx-window", 16).edge(SandboxWorld.defaults(), 60)
                .steps("  - id: " + StepIds.PROVISION + "\n  - id: " + StepIds.MOVE_DATABASE + "\n").yaml();
        Path file = Files.writeString(root.resolve("plan.yaml"), yaml);
        plan = new PlanLoader().load(file).plan();
    }

    @AfterAll
    static void stop() throws Exception {
        if (host != null) {
            host.close();
        }
        if (root != null) {
            HostileValuesTest.deleteTree(root);
        }
    }

    @Test
    void aFailureWithTheWritersStillStoppedSaysTheAppIsDownAndKeepsItsAdvice() throws Exception {
        FerryException failed = run(ctx -> {
            throw Failures.stepWithNextAction("RDS refused the repoint", "Run `ferry resume PLAN`");
        });
        assertThat(failed.getMessage()).startsWith("RDS refused the repoint. Run `ferry resume PLAN`")
                .endsWith("\nThe app is still down: server, worker stay stopped since stop-writers.");
        assertThat(failed.code()).isEqualTo(ErrorCode.STEP_FAILED);
        assertThat(failed.namesNextAction()).as("its own next action stands").isTrue();

        FerryException plain = run(ctx -> {
            throw new FerryException(ErrorCode.PREFLIGHT_FAILED, "the host said no");
        });
        assertThat(plain.getMessage()).contains("The app is still down: server, worker");
        assertThat(plain.code()).isEqualTo(ErrorCode.PREFLIGHT_FAILED);
        assertThat(plain.namesNextAction()).as("the engine still adds its advice").isFalse();
    }

    @Test
    void aFailureThatStartedTheWritersAgainSaysNothingMore() throws Exception {
        FerryException failed = run(ctx -> {
            redash.docker("start server worker").orThrow("start");
            throw Failures.stepWithNextAction("the copy failed; server, worker run again on the local database",
                    "Run the step again");
        });
        assertThat(failed.getMessage()).doesNotContain("still down");
    }

    /** stop-writers, then {@code failing} inside the window, on the sandbox host; the writers run again after. */
    private static FerryException run(Action.Body failing) throws Exception {
        HostActions actions = new HostActions(plan, StepIds.MOVE_DATABASE);
        StoppedWindow window = new StoppedWindow(actions, WRITERS, StepIds.MOVE_DATABASE);
        List<Action> guarded = window.guarded(List.of(
                actions.stop(StoppedWindow.STOP, WRITERS, "stoppedWriters", null),
                new Action("repoint-env", "fails", List.of(), failing),
                actions.recreate(StoppedWindow.END, WRITERS, List.of("stoppedWriters"), List.of())));
        try (SshShell shell = SshShell.open(host.sourceHost(root.resolve("known_hosts")), SshOptions.isolated())) {
            HostActionContext ctx = new HostActionContext(shell, plan, new HashMap<>(), StepIds.MOVE_DATABASE);
            guarded.get(0).body().run(ctx);
            return catchThrowableOfType(() -> guarded.get(1).body().run(ctx), FerryException.class);
        } finally {
            redash.docker("start server worker").orThrow("start");
        }
    }
}
