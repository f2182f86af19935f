package dev.ferry.steps;

import dev.ferry.host.ShellWords;
import dev.ferry.host.ComposeCommands;
import dev.ferry.step.Action;
import dev.ferry.step.ActionContext;
import dev.ferry.step.StepContext;
import dev.ferry.plan.ComposeProject;
import dev.ferry.plan.StepCatalog;
import dev.ferry.plan.StepIds;
import dev.ferry.plan.ReplicationSource;

/** The options of upgrade-local-postgres, with their defaults, and the commands built from them. */
public final class UpgradeSettings {
    private final StepContext context;
    private final HostActions host;

    public UpgradeSettings(StepContext context) {
        this.context = context;
        this.host = new HostActions(context.plan(), UpgradeLocalPostgres.ID);
    }

    public int targetMajor() {
        // the loader requires targetMajor; plans built in code may leave it to the RDS engine's major
        return StepOptions.optionalInteger(context.spec(), "targetMajor")
                .orElseGet(() -> context.plan().target().database().engineMajor());
    }

    public String image() {
        String image = StepOptions.text(context.spec(), "image");
        return image != null ? image : StepCatalog.upgradeImage(targetMajor());
    }

    public String backupDir() {
        return StepOptions.text(context.spec(), "backupDir");
    }

    public boolean copyDataDir() {
        return StepOptions.flag(context.spec(), "copyDataDir");
    }

    /**
     * True when the plan's move-database uses method replicate, or auto (which replicates when the source allows it):
     * the upgraded postgres then starts with logical WAL.
     */
    public boolean replicates() {
        return moveSettings().map(MoveSettings::mayReplicate).orElse(false);
    }

    /** True only for method replicate: a WAL setting ferry cannot make then refuses the upgrade, for auto it does not. */
    public boolean mustReplicate() {
        return moveSettings().map(MoveSettings::replicates).orElse(false);
    }

    /**
     * Where RDS reaches the local postgres when the plan may replicate and says so ({@code replicationSource}): the
     * upgrade then publishes its 5432 there. Empty without one (the container's address serves only in the sandbox).
     */
    public java.util.Optional<ReplicationSource> publishAt() {
        return moveSettings().filter(MoveSettings::mayReplicate).map(MoveSettings::replicationSource)
                .map(ReplicationSource::parse);
    }

    private java.util.Optional<MoveSettings> moveSettings() {
        return context.plan().step(StepIds.MOVE_DATABASE).map(spec -> new MoveSettings(new StepContext(context.plan(), spec)));
    }

    public String service() {
        return new PlanNames(context.plan()).databaseService();
    }

    public ComposeProject compose() {
        return context.plan().compose();
    }

    public String sudo() {
        return ShellWords.privileged(context.plan());
    }

    public String sshUser() {
        return context.plan().source().user();
    }

    public String planName() {
        return context.plan().name();
    }

    public ComposeCommands preview() {
        return host.preview();
    }

    public ComposeCommands compose(ActionContext ctx) {
        return host.compose(ctx);
    }

    public PostgresCommands postgres() {
        return new PostgresCommands(preview(), service());
    }

    public PostgresCommands postgres(ActionContext ctx) {
        return new PostgresCommands(compose(ctx), service());
    }

    public UpgradeBackups backups() {
        return new UpgradeBackups(this);
    }

    public Action startPostgres(String name) {
        return PostgresStart.action(name, host, service(), UpgradeLocalPostgres.readyTimeout(context),
                "roll back with `ferry rollback " + UpgradeLocalPostgres.ID + "`");
    }
}
