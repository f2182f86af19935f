package dev.ferry.steps;

import dev.ferry.engine.Action;
import dev.ferry.engine.ActionContext;
import dev.ferry.engine.Effect;
import dev.ferry.plan.Plan;
import dev.ferry.plan.StepIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The data the old database and cache left on the host: their volumes as the compose file declared them before
 * ferry removed the services (read from the backups move-database and repoint-redis took).
 */
final class OldData {
    private final Plan plan;
    private final PlanNames names;

    OldData(Plan plan) {
        this.plan = plan;
        this.names = new PlanNames(plan);
    }

    Action removeAction() {
        String sudo = ShellWords.privileged(plan);
        return new Action("remove-old-data", "delete the data directories and volumes of the old database and cache",
                List.of(Effect.remote(sudo + "rm -rf -- <bind-mounted data dirs of " + names.databaseService() + " and "
                                + names.cacheService() + ", from the compose backups>"),
                        Effect.remote(volumeRemoval("<named volume>"))),
                ctx -> {
                    for (String source : sources(ctx)) {
                        remove(ctx, sudo, source);
                    }
                });
    }

    private List<String> sources(ActionContext ctx) {
        List<String> sources = new ArrayList<>();
        add(ctx, sources, StepIds.MOVE_DATABASE, names.databaseService());
        add(ctx, sources, StepIds.REPOINT_REDIS, names.cacheService());
        return sources;
    }

    private void add(ActionContext ctx, List<String> sources, String stepId, String service) {
        Optional<String> backup = ctx.output(stepId, "composeFileBackup");
        if (backup.isEmpty()) {
            ctx.progress("no compose backup from " + stepId + "; data of " + service + " left in place");
            return;
        }
        ComposeFile before = ComposeFile.parse(ctx.host().readFile(backup.get()));
        if (before.hasService(service)) {
            sources.addAll(before.volumeSources(service));
        }
    }

    private void remove(ActionContext ctx, String sudo, String source) {
        if (source.startsWith("/") || source.startsWith(".")) {
            String path = source.startsWith("/") ? source : plan.compose().directory() + "/" + source.substring(2);
            if (path.replaceAll("/+$", "").split("/").length < 3) {
                throw Failures.step("refusing to delete " + path + ": too close to the filesystem root",
                        "Delete it by hand if you really mean it");
            }
            Remote.require(ctx, sudo + "rm -rf -- " + ShellWords.quote(path), "Delete " + path + " by hand");
            ctx.progress("deleted " + path);
        } else {
            Remote.require(ctx, volumeRemoval(source), "Remove volume " + source + " by hand (docker volume ls)");
            ctx.progress("removed volume " + source);
        }
    }

    private String volumeRemoval(String volume) {
        String project = plan.compose().directory().replaceAll(".*/", "").toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_-]", "");
        String list = "docker volume ls -q --filter label=com.docker.compose.project=" + project
                + " --filter label=com.docker.compose.volume=" + ShellWords.quote(volume);
        return "for v in $(" + list + "); do docker volume rm \"$v\"; done";
    }
}
