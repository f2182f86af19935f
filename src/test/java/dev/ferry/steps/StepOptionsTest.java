package dev.ferry.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.step.Action;
import dev.ferry.step.Step;
import dev.ferry.step.StepContext;
import dev.ferry.plan.Plan;
import dev.ferry.plan.PlanLoader;
import dev.ferry.plan.StepCatalog;
import dev.ferry.plan.StepIds;
import dev.ferry.plan.StepSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** StepCatalog is the only declaration of a step's options: steps read them through it, and nothing else. */
class StepOptionsTest {

    @Test
    void readingAnUndeclaredOptionFailsNamingStepAndOption() {
        StepSpec provision = new StepSpec(StepIds.PROVISION, StepSpec.StepKind.BUILTIN, Map.of("nope", 3), List.of());

        assertThatThrownBy(() -> StepOptions.integer(provision, "nope")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("step provision reads option 'nope', which StepCatalog does not declare");
        assertThatThrownBy(() -> StepOptions.duration(provision, "stableTimeout"))
                .as("declared for another step only").isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'stableTimeout'");
        assertThatThrownBy(() -> StepOptions.flag(provision, "parallelism")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("reads option 'parallelism' as BOOLEAN, but StepCatalog declares it INTEGER");
    }

    @Test
    void anAbsentOptionHasTheCatalogsDefaultAndAPlanValueWins() {
        StepSpec empty = new StepSpec(StepIds.PROVISION, StepSpec.StepKind.BUILTIN, Map.of(), List.of());
        StepSpec set = new StepSpec(StepIds.PROVISION, StepSpec.StepKind.BUILTIN, Map.of("logRetentionDays", 90),
                List.of());

        assertThat(StepOptions.integer(empty, "logRetentionDays"))
                .isEqualTo(StepCatalog.option(StepIds.PROVISION, "logRetentionDays").orElseThrow().defaultValue())
                .isEqualTo(30);
        assertThat(StepOptions.integer(set, "logRetentionDays")).isEqualTo(90);
        StepSpec verify = new StepSpec(StepIds.VERIFY_TEMPORARY_DOMAIN, StepSpec.StepKind.BUILTIN, Map.of(), List.of());
        assertThat(StepOptions.optionalInteger(verify, "rulePriority")).as("derived by the step").isEmpty();
        assertThat(StepOptions.duration(verify, "stableTimeout")).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void theMoveMethodWordsAreTheCatalogs() {
        assertThat(StepCatalog.option(StepIds.MOVE_DATABASE, "method").orElseThrow().allowed())
                .containsExactlyElementsOf(dev.ferry.database.MoveMethod.words());
        assertThat(StepCatalog.option(StepIds.MOVE_DATABASE, "method").orElseThrow().defaultValue())
                .isEqualTo(dev.ferry.database.MoveMethod.AUTO);
    }

    @Test
    void cutoverChangesTheRuleAtThePriorityVerifyTemporaryDomainCreatedItWith() {
        Plan redash = RedashPlan.plan();
        List<StepSpec> steps = new ArrayList<>(redash.steps().stream()
                .filter(s -> !s.id().equals(StepIds.VERIFY_TEMPORARY_DOMAIN)).toList());
        steps.add(new StepSpec(StepIds.VERIFY_TEMPORARY_DOMAIN, StepSpec.StepKind.BUILTIN, Map.of("rulePriority", 42),
                List.of()));
        Plan plan = new Plan(redash.name(), redash.source(), redash.compose(), redash.target(), redash.edge(), steps);
        StepSpec cutover = new StepSpec(StepIds.CUTOVER_SERVER, StepSpec.StepKind.BUILTIN, Map.of(), List.of());

        assertThat(VerifyTemporaryDomain.priority(new StepContext(plan, cutover))).isEqualTo(42);
        assertThat(VerifyTemporaryDomain.priority(new StepContext(redash, cutover)))
                .isEqualTo(StepCatalog.rulePriority(redash.name()));
    }

    @Test
    void anEmptyQueueListMeansRedashsQueuesAsTheCatalogSays() {
        // the loader fills the catalog's default, an empty list; it used to make the drain wait for no queue at all
        StepContext empty = RedashPlan.context(StepIds.REPOINT_REDIS, Map.of("queues", List.of()));
        StepContext listed = RedashPlan.context(StepIds.REPOINT_REDIS, Map.of("queues", List.of("queries")));

        assertThat(new RedisSwitch(empty, StepIds.REPOINT_REDIS).queues()).isEqualTo(RedisQueues.REDASH_QUEUES);
        assertThat(new RedisSwitch(listed, StepIds.REPOINT_REDIS).queues()).containsExactly("queries");
    }

    static Stream<Path> examplePlans() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("plans"))) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    /**
     * Builds every built-in step's apply, rollback and recovery actions for each example plan (a step the plan leaves
     * out gets no options); an option read the catalog does not declare would throw here.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("examplePlans")
    void everyBuiltInStepReadsOnlyDeclaredOptions(Path file) {
        Plan plan = new PlanLoader(Map.of()).load(file).plan();
        for (Step step : new StepLibrary().all()) {
            StepSpec spec = plan.step(step.id())
                    .orElse(new StepSpec(step.id(), StepSpec.StepKind.BUILTIN, Map.of(), List.of()));
            StepContext context = new StepContext(plan, spec);
            assertThatCode(() -> build(step, context)).as(file + " " + step.id()).doesNotThrowAnyException();
        }
    }

    private static void build(Step step, StepContext context) {
        List<Action> actions = new ArrayList<>(step.actions(context));
        actions.addAll(step.rollbackActions(context));
        for (Action action : step.actions(context)) {
            step.recoveryActions(context, action.name());
        }
        step.planInput(context);
        // summaries and effects are rendered from options too (timeouts, attempts)
        actions.forEach(a -> assertThat(a.summary()).isNotNull());
    }

    @Test
    void noStepReadsItsOptionsAroundTheCatalog() throws IOException {
        List<String> around = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/java/dev/ferry/steps"))) {
            for (Path file : files.filter(f -> !f.endsWith("StepOptions.java")).toList()) {
                if (Files.readString(file).contains(".options()")) {
                    around.add(file.getFileName().toString());
                }
            }
        }
        assertThat(around).as("steps reading spec.options() directly instead of through StepOptions").isEmpty();
    }
}
