package dev.ferry.steps;

import dev.ferry.engine.Action;
import dev.ferry.engine.ActionContext;
import dev.ferry.engine.Effect;
import dev.ferry.engine.StepContext;
import dev.ferry.plan.ComposeProject;
import java.time.Duration;
import java.util.List;

/** The options of upgrade-local-postgres, with their defaults, and the commands built from them. */
final class UpgradeSettings {
    private final StepContext context;
    private final HostActions host;

    UpgradeSettings(StepContext context) {
        this.context = context;
        this.host = new HostActions(context.plan(), UpgradeLocalPostgres.ID);
    }

    int targetMajor() {
        return context.spec().intOption("targetMajor", context.plan().target().database().engineMajor());
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

    /** Starts postgres and waits until it accepts connections; pgautoupgrade upgrades before it starts the server. */
    Action startPostgres(String name) {
        Duration timeout = UpgradeLocalPostgres.readyTimeout(context);
        return new Action(name, "start " + service() + " and wait until it accepts connections",
                List.of(Effect.remote(preview().upWithoutDependencies(service())),
                        Effect.await(postgres().ready() + "  # every 5s, up to " + timeout.toMinutes() + " min")),
                ctx -> {
                    ComposeCommands cc = compose(ctx);
                    PostgresCommands pg = new PostgresCommands(cc, service());
                    Remote.require(ctx, RemoteShellCommands.slow(cc.upWithoutDependencies(service()), null),
                            "Check `docker compose config` on the host");
                    ctx.progress("waiting for " + service() + " to accept connections (an upgrade can take a while)");
                    boolean ready = Poll.until(timeout, Duration.ofSeconds(5),
                            () -> Remote.run(ctx, dev.ferry.host.RemoteShell.RemoteCommand.of(pg.ready(),
                                    Duration.ofSeconds(30))).ok());
                    if (!ready) {
                        String logs = Remote.run(ctx, dev.ferry.host.RemoteShell.RemoteCommand.of(
                                cc.logs(service(), 20), Duration.ofSeconds(30))).stdout();
                        throw Failures.step(service() + " did not accept connections within " + timeout.toMinutes()
                                + " min; last log lines:\n" + dev.ferry.engine.Redacted.urls(logs),
                                "Fix the cause and resume, or roll back with `ferry rollback "
                                        + UpgradeLocalPostgres.ID + "`");
                    }
                });
    }
}
