package dev.ferry.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.step.Action;
import dev.ferry.step.Effect;
import dev.ferry.step.Reversibility;
import dev.ferry.step.Step;
import dev.ferry.step.StepContext;
import dev.ferry.plan.StepIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class StepLibraryTest {
    private final StepLibrary library = new StepLibrary();

    static Stream<Step> steps() {
        return new StepLibrary().all().stream();
    }

    @Test
    void hasEveryBuiltInStepInProcedureOrder() {
        assertThat(library.all()).extracting(Step::id).containsExactlyElementsOf(StepIds.ALL);
        assertThat(library.forId(StepIds.MOVE_DATABASE)).isInstanceOf(MoveDatabase.class);
        assertThatThrownBy(() -> library.forId("nope")).isInstanceOf(FerryException.class)
                .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    @Test
    void declaresReversibilityAndDowntimeAsTheDesignTableSays() {
        Map<String, Reversibility> reversibility = Map.of(
                StepIds.MOVE_DATABASE, Reversibility.REVERSIBLE_WITH_DATA_LOSS,
                StepIds.DECOMMISSION, Reversibility.ONE_WAY);
        List<String> downtime = List.of(StepIds.UPGRADE_LOCAL_POSTGRES, StepIds.MOVE_DATABASE, StepIds.REPOINT_REDIS);
        for (Step step : library.all()) {
            assertThat(step.reversibility()).as(step.id())
                    .isEqualTo(reversibility.getOrDefault(step.id(), Reversibility.REVERSIBLE));
            assertThat(step.downtime()).as(step.id()).isEqualTo(downtime.contains(step.id()));
            assertThat(step.title()).isNotBlank();
        }
    }

    /**
     * The engine runs an undo only when an apply action it names started. So every name must be a real apply action
     * (a typo would silently skip the undo), and every apply action that changes the world must be named by some
     * undo of a reversible step (else a failure right after it would leave its change behind).
     */
    @ParameterizedTest
    @MethodSource("steps")
    void everyUndoNamesRealApplyActionsAndEveryChangeHasAnUndo(Step step) {
        StepContext context = RedashPlan.context(step.id(), Map.of("removeVolumes", true, "copyBack", true));
        List<String> applied = step.actions(context).stream().map(Action::name).toList();
        List<Action> undo = step.rollbackActions(context);
        for (Action action : undo) {
            assertThat(applied).as(step.id() + " undo " + action.name() + " undoes").containsAll(action.undoes());
        }
        if (step.reversibility() == Reversibility.ONE_WAY) {
            assertThat(undo).as(step.id()).isEmpty();
            return;
        }
        List<String> covered = undo.stream().flatMap(a -> a.undoes().stream()).toList();
        List<String> uncovered = step.actions(context).stream().filter(a -> !a.readOnly())
                .map(Action::name).filter(n -> !covered.contains(n)).toList();
        assertThat(uncovered).as(step.id() + ": apply actions that change the world but no undo names")
                .isSubsetOf(UNDONE_BY_LATER_ACTIONS.getOrDefault(step.id(), List.of()));
    }

    /** World-changing apply actions whose change is undone as part of undoing an earlier one (named in the why). */
    private static final Map<String, List<String>> UNDONE_BY_LATER_ACTIONS = Map.of(
            // the dump and the copy are the backups, the way back: kept, not undone; the baseline is a file in the
            // state directory; writers the apply restarts are stopped and restarted by the rollback's own stop/start
            StepIds.UPGRADE_LOCAL_POSTGRES, List.of("dump-database", "copy-data-dir", "record-baseline",
                    "start-writers"),
            // RDS's tables are dropped by the next copy (--clean) and go with the instance; the verification keeps
            // RDS's snapshot in the state directory as the rollback's baseline
            StepIds.MOVE_DATABASE, List.of("copy-data", "verify-copy"));

    @ParameterizedTest
    @MethodSource("steps")
    void previewNeverShowsASecret(Step step) {
        StepContext context = RedashPlan.context(step.id(), Map.of("removeVolumes", true, "copyBack", true));
        List<String> texts = new ArrayList<>(RedashPlan.texts(step.actions(context)));
        texts.addAll(RedashPlan.texts(step.rollbackActions(context)));
        step.actions(context).forEach(a -> texts.add(a.summary()));
        for (String text : texts) {
            for (String secret : RedashPlan.SECRETS) {
                assertThat(text).as(step.id()).doesNotContain(secret);
            }
            assertThat(text).doesNotContainPattern("://[^:/@\\s]+:(?!\\*\\*\\*\\*@)[^@\\s]+@");
        }
    }

    @ParameterizedTest
    @MethodSource("steps")
    void everyActionPreviewsWhatItDoes(Step step) {
        StepContext context = RedashPlan.context(step.id());
        List<Action> all = new ArrayList<>(step.actions(context));
        all.addAll(step.rollbackActions(context));
        assertThat(step.actions(context)).isNotEmpty();
        assertThat(all).allSatisfy(a -> assertThat(a.effects()).as(a.name()).isNotEmpty());
        assertThat(step.planInput(context)).isNotNull();
    }

    @ParameterizedTest
    @MethodSource("steps")
    void everyStepButDecommissionHasARollbackPreview(Step step) {
        List<Action> rollback = step.rollbackActions(RedashPlan.context(step.id()));
        if (step.id().equals(StepIds.DECOMMISSION)) {
            assertThat(rollback).isEmpty();
        } else {
            assertThat(rollback).isNotEmpty();
            assertThat(RedashPlan.texts(rollback)).isNotEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("steps")
    void everyRemoteCommandUsesTheComposeWrapperOrAKnownTool(Step step) {
        StepContext context = RedashPlan.context(step.id());
        List<Action> all = new ArrayList<>(step.actions(context));
        all.addAll(step.rollbackActions(context));
        all.stream().flatMap(a -> a.effects().stream()).filter(e -> e.kind() == Effect.Kind.REMOTE_COMMAND)
                .map(Effect::text)
                .forEach(t -> assertThat(t).matches("(?s)^(docker compose -f /opt/redash/docker-compose.yml --project-directory"
                        + " /opt/redash |docker run |sudo -n |rm -rf |printf |for v in |\\[ -d |umask 077 && (?:find '/tmp' |docker compose )|sh -c '<script>' ).*"));
    }
}
