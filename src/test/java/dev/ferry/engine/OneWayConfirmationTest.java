package dev.ferry.engine;

import dev.ferry.step.Adapters;
import dev.ferry.step.Reversibility;
import dev.ferry.step.StepContext;
import dev.ferry.step.Step;
import dev.ferry.step.Effect;
import dev.ferry.step.ActionContext;
import dev.ferry.step.Action;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.plan.Plan;
import dev.ferry.plan.StepSpec;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The typed confirmation of a one-way step shows what the step itself says it will change for good, computed from
 * the world when it is asked (here: an output an earlier step recorded); when that cannot be computed, nothing is
 * asked and nothing changes.
 */
class OneWayConfirmationTest {
    @TempDir Path stateDir;
    final List<String> ran = new ArrayList<>();
    final ByteArrayOutputStream prompts = new ByteArrayOutputStream();
    RuntimeException detailsFailure;

    @Test
    void theConfirmationListsTheStepsOwnDetailsBeforeAskingAndThenApplies() {
        Migration migration = migration();
        Runner.Outcome outcome = run(migration, "wipe\n");
        assertThat(outcome).isEqualTo(Runner.Outcome.COMPLETED);
        assertThat(prompts.toString(StandardCharsets.UTF_8)).contains("step wipe is ONE-WAY: it cannot be rolled back.\n"
                + "  delete: directory /srv/made-by-make\n  kept: /etc/localtime (read-only mount)\n"
                + "type 'wipe' to confirm: ");
        assertThat(ran).containsExactly("make", "wipe");
    }

    @Test
    void detailsThatCannotBeReadRefuseTheConfirmationAndChangeNothing() {
        detailsFailure = new FerryException(ErrorCode.STEP_FAILED, "cannot read /opt/app/compose.yml.bak. Restore it");
        Migration migration = migration();
        assertThatThrownBy(() -> run(migration, "wipe\n")).isInstanceOf(FerryException.class)
                .hasMessageContaining("step wipe is one-way, and what it would change could not be read")
                .hasMessageContaining("nothing was changed: cannot read /opt/app/compose.yml.bak. Restore it")
                .extracting(e -> ((FerryException) e).code()).isEqualTo(ErrorCode.PREFLIGHT_FAILED);
        assertThat(prompts.toString(StandardCharsets.UTF_8)).doesNotContain("ONE-WAY", "type 'wipe'");
        assertThat(ran).containsExactly("make");
        assertThat(migration.state().step("wipe")).isEmpty();
    }

    private Runner.Outcome run(Migration migration, String typed) {
        Operator operator = new ConsoleOperator(new BufferedReader(new StringReader("a\na\n" + typed)),
                new PrintStream(prompts, true, StandardCharsets.UTF_8), Set.of());
        return new Runner(migration, operator).run(false, Optional.empty());
    }

    private Migration migration() {
        StepSpec make = new StepSpec("make", StepSpec.StepKind.BUILTIN, Map.of(), List.of());
        StepSpec wipe = new StepSpec("wipe", StepSpec.StepKind.BUILTIN, Map.of(), List.of());
        Plan plan = new Plan("p", null, null, null, null, List.of(make, wipe));
        return new Migration(plan, "digest", List.of(new PlannedStep(make, new Make()), new PlannedStep(wipe, new Wipe())),
                stateDir, Adapters.unavailable(), Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream()));
    }

    private abstract class Recorded implements Step {
        @Override public String title() { return id(); }
        @Override public boolean downtime() { return false; }
        @Override public List<Action> rollbackActions(StepContext context) { return List.of(); }
        @Override public Object planInput(StepContext context) { return id(); }
    }

    private final class Make extends Recorded {
        @Override public String id() { return "make"; }
        @Override public Reversibility reversibility() { return Reversibility.REVERSIBLE; }

        @Override
        public List<Action> actions(StepContext context) {
            return List.of(new Action("make", "make it", List.of(Effect.check("make")), ctx -> {
                ctx.record("path", "/srv/made-by-make");
                ran.add("make");
            }));
        }
    }

    private final class Wipe extends Recorded {
        @Override public String id() { return "wipe"; }
        @Override public Reversibility reversibility() { return Reversibility.ONE_WAY; }

        @Override
        public List<Action> actions(StepContext context) {
            return List.of(new Action("wipe", "wipe it", List.of(Effect.check("wipe")), ctx -> ran.add("wipe")));
        }

        @Override
        public List<String> oneWayDetails(StepContext context, ActionContext world) {
            if (detailsFailure != null) {
                throw detailsFailure;
            }
            return List.of("delete: directory " + world.requireOutput("make", "path"),
                    "kept: /etc/localtime (read-only mount)");
        }
    }
}
