package dev.ferry.steps;

import dev.ferry.engine.Action;
import dev.ferry.engine.ActionContext;
import dev.ferry.engine.StepContext;
import dev.ferry.plan.ComposeProject;
import dev.ferry.plan.StepCatalog;

/** The options of upgrade-local-postgres, with their defaults, and the commands built from them. */
final class UpgradeSettings {
    private final StepContext context;
    private final HostActions host;

    UpgradeSettings(StepContext context) {
        this.context = context;
        this.host = new HostActions(context.plan(), UpgradeLocalPostgres.ID);
    }

    int targetMajor() {
        // the loader requires targetMajor; plans built in code may leave it to the RDS engine's major
        return StepOptions.optionalInteger(context.spec(), "targetMajor")
                .orElseGet(() -> context.plan().target().database().engineMajor());
    }

    String image() {
        String image = StepOptions.text(context.spec(), "image");
        return image != null ? image : StepCatalog.upgradeImage(targetMajor());
    }

    String backupDir() {
        return StepOptions.text(context.spec(), "backupDir");
    }

    boolean copyDataDir() {
        return StepOptions.flag(context.spec(), "copyDataDir");
    }

    String service() {
        return new PlanNames(context.plan()).databaseService();
    }

    ComposeProject compose() {
        return context.plan().compose();
    }

    String sudo() {
        return ShellWords.privileged(context.plan());
    }

    String sshUser() {
        return context.plan().source().user();
    }

    String planName() {
        return context.plan().name();
    }

    ComposeCommands preview() {
        return host.preview();
    }

    ComposeCommands compose(ActionContext ctx) {
        return host.compose(ctx);
    }

    PostgresCommands postgres() {
        return new PostgresCommands(preview(), service());
    }

    PostgresCommands postgres(ActionContext ctx) {
        return new PostgresCommands(compose(ctx), service());
    }

    UpgradeBackups backups() {
        return new UpgradeBackups(this);
    }

    Action startPostgres(String name) {
        return PostgresStart.action(name, host, service(), UpgradeLocalPostgres.readyTimeout(context),
                "roll back with `ferry rollback " + UpgradeLocalPostgres.ID + "`");
    }
}
