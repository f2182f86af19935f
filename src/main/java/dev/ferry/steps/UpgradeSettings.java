package dev.ferry.steps;

import dev.ferry.step.Action;
import dev.ferry.step.ActionContext;
import dev.ferry.step.StepContext;
import dev.ferry.plan.ComposeProject;

/** The options of upgrade-local-postgres, with their defaults, and the commands built from them. */
final class UpgradeSettings {
    private final StepContext context;
    private final HostActions host;

    UpgradeSettings(StepContext context) {
        this.context = context;
        this.host = new HostActions(context.plan(), UpgradeLocalPostgres.ID);
    }

    int targetMajor() {
        Object major = context.spec().options().get("targetMajor");
        // the loader requires targetMajor; plans built in code may leave it to the RDS engine's major
        return major instanceof Number n ? n.intValue() : context.plan().target().database().engineMajor();
    }

    String image() {
        return context.spec().option("image", "pgautoupgrade/pgautoupgrade:" + targetMajor() + "-alpine");
    }

    String backupDir() {
        return context.spec().option("backupDir", "/var/backups/ferry");
    }

    boolean copyDataDir() {
        return context.spec().boolOption("copyDataDir", true);
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
