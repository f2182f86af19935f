package dev.ferry.steps;

import dev.ferry.Failures;
import dev.ferry.host.RemoteTimeouts;
import dev.ferry.host.HostCommands;
import dev.ferry.host.HostFiles;
import dev.ferry.host.ComposeFile;
import dev.ferry.step.Action;
import dev.ferry.step.ActionContext;
import dev.ferry.step.Effect;
import dev.ferry.step.Reversibility;
import dev.ferry.step.StepContext;
import dev.ferry.plan.StepIds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Upgrades the compose postgres in place with pgautoupgrade. pgautoupgrade deletes the old cluster once it has
 * upgraded it, so the backups taken first (a logical dump, and a copy of the data dir when the disk allows) are the
 * only way back.
 */
public final class UpgradeLocalPostgres extends BuiltInStep {
    static final String ID = StepIds.UPGRADE_LOCAL_POSTGRES;

    public UpgradeLocalPostgres() {
        super(ID, "Upgrade the local PostgreSQL to the target major with pgautoupgrade",
                Reversibility.REVERSIBLE, true);
    }

    @Override
    public List<Action> actions(StepContext context) {
        UpgradeSettings s = new UpgradeSettings(context);
        HostActions host = new HostActions(context.plan(), ID);
        List<String> writers = context.plan().compose().writers();
        LogicalWal wal = new LogicalWal(s);
        java.util.Optional<PortPublish> publish = s.publishAt().map(at -> new PortPublish(s, at));
        List<Action> actions = new ArrayList<>(List.of(checkPostgres(s)));
        if (s.replicates()) {
            actions.add(wal.check());
        }
        publish.ifPresent(p -> actions.add(p.check()));
        actions.addAll(List.of(s.backups().checkDiskSpace(),
                host.stop("stop-writers", writers, "stoppedWriters", null),
                s.backups().dump(),
                stopPostgres(s, "stop-postgres"),
                s.backups().copyDataDir(),
                swapImage(s)));
        if (s.replicates()) {
            actions.add(wal.set());
        }
        publish.ifPresent(p -> actions.add(p.publish()));
        actions.addAll(List.of(s.startPostgres("recreate-postgres"),
                checkVersion(s, "check-new-version", String.valueOf(s.targetMajor()))));
        if (s.replicates()) {
            actions.add(wal.verify());
        }
        publish.ifPresent(p -> actions.add(p.verify()));
        actions.addAll(List.of(UpgradeBaseline.record(),
                host.start("start-writers", writers, ID, "stoppedWriters")));
        return actions;
    }

    @Override
    public List<Action> rollbackActions(StepContext context) {
        UpgradeSettings s = new UpgradeSettings(context);
        HostActions host = new HostActions(context.plan(), ID);
        List<String> writers = context.plan().compose().writers();
        return List.of(
                UpgradeBaseline.checkWrites(context).undoing("recreate-postgres"),
                host.stop("stop-writers", writers, "rollbackStoppedWriters", null).undoing("stop-postgres"),
                stopPostgres(s, "stop-postgres").undoing("stop-postgres"),
                host.restoreComposeFile("restore-compose-file").undoing("swap-image"),
                s.backups().restoreDataDir().undoing("recreate-postgres"),
                s.startPostgres("start-old-postgres").undoing("stop-postgres"),
                s.backups().restoreDump().undoing("recreate-postgres"),
                checkVersion(s, "check-old-version", null).undoing("stop-postgres"),
                host.start("start-writers", writers, ID, "rollbackStoppedWriters", "stoppedWriters")
                        .undoing("stop-writers"));
    }

    /**
     * Before the image swap the data directory and the compose file are untouched, so whatever the step stopped can
     * simply start again; from the swap on, only a rollback (restore the backup) puts the old version back.
     */
    @Override
    public List<Action> recoveryActions(StepContext context, String failedAction) {
        UpgradeSettings s = new UpgradeSettings(context);
        HostActions host = new HostActions(context.plan(), ID);
        List<String> writers = context.plan().compose().writers();
        Action startWriters = host.start("recover-writers", writers, ID, "stoppedWriters");
        return switch (failedAction) {
            case "check-postgres", "check-logical-wal", "check-published-port", "check-disk-space", "stop-writers", "dump-database" -> List.of(startWriters);
            case "stop-postgres", "copy-data-dir" -> List.of(s.startPostgres("recover-postgres"), startWriters);
            default -> List.of();
        };
    }

    @Override
    public Object planInput(StepContext context) {
        UpgradeSettings s = new UpgradeSettings(context);
        Map<String, Object> input = new LinkedHashMap<>(Map.of("compose", context.plan().compose(), "targetMajor",
                s.targetMajor(), "image", s.image(), "backupDir", s.backupDir(), "copyDataDir", s.copyDataDir()));
        if (s.replicates()) {
            input.put("logicalWal", true);
        }
        s.publishAt().ifPresent(at -> input.put("publishAt", at.toString()));
        return input;
    }

    private Action checkPostgres(UpgradeSettings s) {
        String composePath = s.compose().composePath();
        return new Action("check-postgres", "read the current postgres image, version and data directory",
                List.of(Effect.check("read " + composePath + ": image of service " + s.service()),
                        Effect.check(s.postgres().serverVersion()),
                        Effect.check(s.postgres().dataDirOnHost())),
                ctx -> {
                    if (ctx.output(ID, "dataDir").isPresent()) {
                        ctx.progress("already inspected: PostgreSQL " + ctx.output(ID, "oldVersion").orElse("?"));
                        return;
                    }
                    PostgresCommands pg = s.postgres(ctx);
                    String image = ComposeFile.parse(ctx.host().readFile(composePath)).image(s.service())
                            .orElseThrow(() -> Failures.preflight("service " + s.service() + " in " + composePath
                                    + " has no image: line", "Give it an explicit image: line"));
                    String version = HostCommands.require(ctx, pg.serverVersion(), "Check that " + s.service() + " runs");
                    refuseDowngrade(s, version);
                    recordOnce(ctx, "oldImage", image);
                    recordOnce(ctx, "oldVersion", version);
                    String dataDir = HostCommands.require(ctx, pg.dataDirOnHost(), "Check `docker inspect` on the host");
                    if (dataDir.isEmpty()) {
                        throw Failures.preflight("no volume is mounted at " + PostgresCommands.DATA_DIR_IN_CONTAINER
                                + " in the " + s.service() + " container, so its data lives only in the container",
                                "Add a volume for the data directory first");
                    }
                    recordOnce(ctx, "dataDir", dataDir);
                    ctx.progress(s.service() + ": " + image + ", PostgreSQL " + version + ", data in " + dataDir);
                });
    }

    private static void refuseDowngrade(UpgradeSettings s, String version) {
        if (PostgresCommands.majorNumber(version) > s.targetMajor()) {
            throw Failures.preflight("the local PostgreSQL is " + version + ", newer than the target major "
                    + s.targetMajor(), "Set upgrade-local-postgres.targetMajor to at least its major, or skip the step");
        }
    }

    private Action stopPostgres(UpgradeSettings s, String name) {
        return new Action(name, "stop " + s.service() + " so its data directory is consistent",
                List.of(Effect.remote(s.preview().stop(List.of(s.service())))),
                ctx -> HostCommands.require(ctx, RemoteTimeouts.slow(s.compose(ctx).stop(List.of(s.service())), null),
                        "Check `docker compose logs " + s.service() + "` on the host"));
    }

    private Action swapImage(UpgradeSettings s) {
        String path = s.compose().composePath();
        return new Action("swap-image", "point the postgres service at " + s.image(),
                List.of(Effect.edit(path + ": services." + s.service() + ".image <current image> → " + s.image()
                        + " (backup first: " + HostFiles.backupPathPreview(path) + ")")),
                ctx -> HostFiles.edit(ctx, ID, "composeFile", path,
                        text -> ComposeFile.parse(text).withImage(s.service(), s.image()).text()));
    }

    /** {@code expectedMajor} null means: the version recorded before the upgrade. */
    private Action checkVersion(UpgradeSettings s, String name, String expectedMajor) {
        String expectation = expectedMajor == null ? "the recorded old version" : expectedMajor;
        return new Action(name, "check that the server reports major " + expectation,
                List.of(Effect.check(s.postgres().serverVersion() + "  # expect " + expectation)), ctx -> {
                    String expected = expectedMajor != null ? expectedMajor
                            : PostgresCommands.major(ctx.requireOutput(ID, "oldVersion"));
                    String version = HostCommands.require(ctx, s.postgres(ctx).serverVersion(), "Check the postgres logs");
                    if (!PostgresCommands.major(version).equals(expected)) {
                        throw Failures.stepWithNextAction(s.service() + " reports PostgreSQL " + version + ", expected major "
                                + expected, "Read `" + s.preview().logs(s.service(), 100) + "`, then roll back"
                                + " with `ferry rollback PLAN --to " + ID + "`");
                    }
                    ctx.record(expectedMajor == null ? "restoredVersion" : "newVersion", version);
                    ctx.progress(s.service() + " runs PostgreSQL " + version);
                });
    }

    static void recordOnce(ActionContext ctx, String key, String value) {
        if (ctx.output(ID, key).isEmpty()) {
            ctx.record(key, value);
        }
    }

    static Duration readyTimeout(StepContext context) {
        return StepOptions.duration(context.spec(), "upgradeTimeout");
    }
}
