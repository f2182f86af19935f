package dev.ferry.steps;

import dev.ferry.host.HostCommands;
import dev.ferry.host.PreviewCommands;
import dev.ferry.host.ShellWords;
import dev.ferry.step.Action;
import dev.ferry.step.ActionContext;
import dev.ferry.step.Effect;
import dev.ferry.plan.Plan;
import java.util.List;

/**
 * The data the old database and cache left on the host, deleted with {@code removeVolumes: true}: exactly what
 * {@link OldDataSurvey} lists (and the typed confirmation showed), nothing else.
 */
final class OldData {
    private final Plan plan;
    private final PlanNames names;

    OldData(Plan plan) {
        this.plan = plan;
        this.names = new PlanNames(plan);
    }

    /** What the confirmation shows: the exact paths and volumes that go, and what stays and why. */
    static List<String> details(ActionContext ctx) {
        return new OldDataSurvey(ctx).survey().lines();
    }

    Action removeAction() {
        String sudo = ShellWords.privileged(plan);
        String directory = plan.compose().directory();
        return new Action("remove-old-data", "delete the data directory of the old database and the named volumes"
                + " of the old database and cache",
                List.of(Effect.check("the mounts of " + names.databaseService() + " and " + names.cacheService()
                                + " in the compose backups: only the mount at " + PostgresCommands.DATA_DIR_IN_CONTAINER
                                + " and named volumes qualify; read-only mounts, binds outside " + directory + ", "
                                + directory + " itself and what holds the env or compose file are kept"),
                        Effect.check(PreviewCommands.shown(OldDataSurvey.resolveCommand(sudo,
                                ShellWords.placeholder("bind source")))),
                        Effect.check(PreviewCommands.shown(OldDataSurvey.volumeList(
                                ShellWords.placeholder("compose project"), ShellWords.placeholder("volume")))),
                        Effect.remote(PreviewCommands.shown(removal(sudo, new DataToRemove.Deletion(false,
                                ShellWords.placeholder("data directory as the host resolves it")))) + "  # as confirmed"),
                        Effect.remote(PreviewCommands.shown(removal(sudo, new DataToRemove.Deletion(true,
                                ShellWords.placeholder("volume name")))) + "  # as confirmed")),
                ctx -> {
                    DataToRemove survey = new OldDataSurvey(ctx).survey();
                    for (DataToRemove.Deletion deletion : survey.deletions()) {
                        HostCommands.require(ctx, removal(sudo, deletion), "Delete " + deletion.describe() + " by hand");
                        ctx.progress("deleted " + deletion.describe());
                    }
                    survey.lines().stream().filter(line -> line.startsWith("kept: ")).forEach(ctx::progress);
                });
    }

    static String removal(String sudo, DataToRemove.Deletion deletion) {
        return deletion.volume() ? "docker volume rm " + ShellWords.quote(deletion.name())
                : sudo + "rm -rf -- " + ShellWords.quote(deletion.name());
    }
}
