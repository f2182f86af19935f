package dev.ferry.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import dev.ferry.testing.DelegatingStep;

import dev.ferry.step.Action;
import dev.ferry.step.Adapters;
import dev.ferry.engine.ConsoleOperator;
import dev.ferry.steps.HookStep;
import dev.ferry.engine.Migration;
import dev.ferry.engine.PlannedStep;
import dev.ferry.step.Reversibility;
import dev.ferry.engine.ScriptedOperator;
import dev.ferry.step.Step;
import dev.ferry.step.StepContext;
import dev.ferry.host.SshConnector;
import dev.ferry.plan.LoadedPlan;
import dev.ferry.steps.StepLibrary;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WiringTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir Path dir;

    @Test
    void builtInStepsComeFromTheLibraryAndHookStepsStayHooks() throws Exception {
        StepLibrary library = new StepLibrary().wrapped(Labelled::new);
        Wiring wiring = Wiring.real().withSteps(library);
        Migration migration = open(wiring, mixedPlan());

        Map<String, Step> bound = migration.steps().stream()
                .collect(Collectors.toMap(PlannedStep::id, PlannedStep::step));
        assertThat(bound.keySet()).containsExactlyInAnyOrder("provision", "hook-1");
        assertThat(bound.get("provision")).isSameAs(library.forId("provision")).isInstanceOf(Labelled.class);
        assertThat(bound.get("hook-1")).isInstanceOf(HookStep.class);
    }

    @Test
    void theRealWiringBindsTheBuiltInStepsAndBuildsNoAwsClientUpFront() throws Exception {
        Migration migration = open(Wiring.real(), mixedPlan());

        assertThat(migration.steps().get(0).step()).isNotInstanceOf(Labelled.class)
                .extracting(Step::id).isEqualTo("provision");
        assertThat(migration.adapters().hosts()).isInstanceOf(SshConnector.class);
        assertThat(migration.adapters().aws()).hasToString("lazy AwsPorts");
    }

    @Test
    void givenAdaptersAreUsedAndTheOriginalWiringIsUnchanged() throws Exception {
        Adapters fixed = Adapters.unavailable();
        Wiring real = Wiring.real();
        Wiring swapped = real.withAdapters(fixed);

        assertThat(open(swapped, mixedPlan()).adapters()).isSameAs(fixed);
        assertThat(open(real, mixedPlan()).adapters()).isNotSameAs(fixed);
        assertThat(open(real.withSteps(new StepLibrary()), mixedPlan()).adapters()).isNotSameAs(fixed);
    }

    @Test
    void stateLivesNextToThePlanUnlessAnotherDirectoryIsGiven() throws Exception {
        Wiring wiring = Wiring.real();
        LoadedPlan loaded = wiring.load(mixedPlan());

        assertThat(wiring.stateDirectory(loaded, null)).isEqualTo(dir.toAbsolutePath().resolve(".ferry")
                .resolve(loaded.plan().name()));
        assertThat(wiring.stateDirectory(loaded, dir.resolve("elsewhere"))).isEqualTo(dir.resolve("elsewhere"));
    }

    @Test
    void yesAnswersFromTheTypedConfirmationsOtherwiseAPersonAnswers() {
        Wiring wiring = Wiring.real();
        ByteArrayInputStream none = new ByteArrayInputStream(new byte[0]);

        assertThat(wiring.operator(true, Set.of("decommission"), none, QUIET)).isInstanceOf(ScriptedOperator.class);
        assertThat(wiring.operator(false, Set.of(), none, QUIET)).isInstanceOf(ConsoleOperator.class);
    }

    private Migration open(Wiring wiring, Path plan) {
        LoadedPlan loaded = wiring.load(plan);
        return wiring.migration(loaded, wiring.stateDirectory(loaded, null), ConnectOptions.defaults(), QUIET);
    }

    /** The flagship plan with two steps: built-in provision and a hook step. */
    private Path mixedPlan() throws Exception {
        String flagship = Files.readString(Path.of("plans", "redash.yaml"));
        String yaml = flagship.substring(0, flagship.indexOf("\nsteps:")) + "\nsteps:\n  - id: provision\n"
                + "  - id: hook-1\n    kind: hook\n    actions:\n      - name: a1\n        check: 'true'\n"
                + "        apply: 'true'\n        rollback: 'true'\n";
        Path plan = dir.resolve("mixed.yaml");
        Files.writeString(plan, yaml);
        return plan;
    }

    /** A built-in step passed through the wrapper, so a test can tell the library's instance from a fresh one. */
    private record Labelled(Step delegate) implements DelegatingStep {
    }
}
