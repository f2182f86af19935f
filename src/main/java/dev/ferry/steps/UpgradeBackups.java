package dev.ferry.steps;

import dev.ferry.Failures;
import dev.ferry.host.DiskSpace;
import dev.ferry.host.RemoteTimeouts;
import dev.ferry.host.HostCommands;
import dev.ferry.host.PreviewCommands;
import dev.ferry.host.ShellWords;
import dev.ferry.host.HostFiles;
import dev.ferry.FerryException;
import dev.ferry.step.Action;
import dev.ferry.step.ActionContext;
import dev.ferry.step.Effect;
import dev.ferry.step.Redacted;
import dev.ferry.step.RemoteShell.CommandResult;
import dev.ferry.step.RemoteShell.RemoteCommand;
import java.util.List;
import java.util.regex.Pattern;

/** The backups upgrade-local-postgres takes before pgautoupgrade deletes the old cluster, and restoring them. */
final class UpgradeBackups {
    private static final String ID = UpgradeLocalPostgres.ID;
    private static final String DUMP_AND_COPY = "dump+copy";
    private static final String DUMP_ONLY = "dump";
    private static final String KEPT = "kept";
    private static final Pattern ROLE_EXISTS = Pattern.compile("ERROR:\\s+role \"[^\"]+\" already exists");
    private static final String DATA_DIR = ShellWords.placeholder("postgres data dir");
    private static final String STAMP = ShellWords.placeholder("timestamp");

    private final UpgradeSettings s;
    private final DiskSpace disk;

    UpgradeBackups(UpgradeSettings settings) {
        this.s = settings;
        this.disk = new DiskSpace(settings.sudo());
    }

    private String dumpPath(String stamp) {
        return s.backupDir() + "/" + s.planName() + "-postgres-" + stamp + ".sql";
    }

    /** The dump holds every role's password hash and all the data: the shell creates it for the SSH user only. */
    private static String privately(String dumpCommand) {
        return "umask 077 && " + dumpCommand;
    }

    private String copyPath(String stamp) {
        return s.backupDir() + "/" + s.planName() + "-postgres-data-" + stamp;
    }

    /**
     * Creates the backup dir owned by the SSH user (the dump is written by the login shell's redirection), leaving an
     * existing one alone: {@code install -d} would chown/chmod it, which must never happen to, say, /var/backups.
     * The owner is {@code $(id -u)}, expanded by the login shell before sudo, so it is the account we logged in as
     * whatever the plan's user name maps to.
     */
    private String makeBackupDir() {
        String dir = ShellWords.quote(s.backupDir());
        return "[ -d " + dir + " ] || " + s.sudo() + "install -d -m 700 -o \"$(id -u)\" -g \"$(id -g)\" -- " + dir;
    }

    private String backupDirWritable() {
        return "test -w " + ShellWords.quote(s.backupDir());
    }

    Action checkDiskSpace() {
        return new Action("check-disk-space", "make sure the backups fit before anything stops",
                // creating the backup directory is part of checking it: like the backups, it is kept on rollback
                List.of(Effect.check(makeBackupDir()), Effect.check(backupDirWritable()),
                        Effect.check(PreviewCommands.shown(disk.usedCommand(DATA_DIR))),
                        Effect.check(disk.freeCommand(s.backupDir())),
                        Effect.check(PreviewCommands.shown(disk.freeCommand(DATA_DIR)))),
                ctx -> {
                    if (ctx.output(ID, "backupMode").isPresent()) {
                        return;
                    }
                    String dir = ctx.requireOutput(ID, "dataDir");
                    HostCommands.require(ctx, makeBackupDir(), "Nothing was stopped or changed. Create " + s.backupDir()
                            + " by hand (writable by " + s.sshUser() + "), or set upgrade-local-postgres.backupDir to"
                            + " a directory that can be created, then run the step again");
                    HostCommands.require(ctx, backupDirWritable(), "Nothing was stopped or changed. " + s.backupDir()
                            + " exists but " + s.sshUser() + " cannot write to it: fix its owner or set"
                            + " upgrade-local-postgres.backupDir, then run the step again");
                    BackupDiskCheck room = new BackupDiskCheck(disk.used(ctx, dir), disk.free(ctx, dir),
                            disk.free(ctx, s.backupDir()));
                    room.shortfall(dir, s.backupDir()).ifPresent(missing -> {
                        throw Failures.preflight(missing.fact(), missing.remedy());
                    });
                    boolean copy = s.copyDataDir() && room.copyFits();
                    if (s.copyDataDir() && !copy) {
                        ctx.progress("not enough room in " + s.backupDir() + " for a copy of the data dir too ("
                                + DiskSpace.human(room.freeForBackups()) + " free); the dump is the only backup");
                    }
                    UpgradeLocalPostgres.recordOnce(ctx, "backupMode", copy ? DUMP_AND_COPY : DUMP_ONLY);
                    UpgradeLocalPostgres.recordOnce(ctx, "backupStamp", HostFiles.stamp());
                });
    }

    Action dump() {
        String shown = dumpPath(STAMP);
        return new Action("dump-database", "logical dump of every database through the container",
                List.of(Effect.remote(PreviewCommands.shown(privately(s.postgres().dumpAll(shown)))),
                        Effect.check(PreviewCommands.shown(PostgresCommands.dumpComplete(shown)))),
                ctx -> {
                    String path = dumpPath(ctx.requireOutput(ID, "backupStamp"));
                    if (ctx.output(ID, "dumpPath").isPresent() && complete(ctx, path)) {
                        ctx.progress("dump already taken: " + path);
                        return;
                    }
                    String command = privately(s.postgres(ctx).dumpAll(path));
                    String nothingChanged = "Nothing was upgraded; ferry starts " + String.join(", ",
                            HostActions.recorded(ctx, ID, "stoppedWriters")) + " again.";
                    try {
                        HostCommands.require(ctx, RemoteTimeouts.data(command, command), nothingChanged
                                + " Check free space in " + s.backupDir() + " and the postgres logs");
                    } catch (FerryException e) {
                        throw e.getMessage().contains(nothingChanged) ? e
                                : Failures.step(e.getMessage().replaceFirst("\\.?\\s*$", ""), nothingChanged);
                    }
                    if (!complete(ctx, path)) {
                        throw Failures.step("the dump " + path + " is incomplete (no end marker)",
                                nothingChanged + " Check free space in " + s.backupDir());
                    }
                    ctx.record("dumpPath", path);
                    ctx.progress("dumped to " + path);
                });
    }

    private boolean complete(ActionContext ctx, String path) {
        return HostCommands.run(ctx, RemoteCommand.of(PostgresCommands.dumpComplete(path), HostCommands.SHORT)).ok();
    }

    private String copyCommand(String dataDir, String copy) {
        return s.sudo() + "sh -c " + ShellWords.quote("rm -rf -- " + ShellWords.quote(copy) + " && cp -a -- "
                + ShellWords.quote(dataDir) + " " + ShellWords.quote(copy));
    }

    Action copyDataDir() {
        return new Action("copy-data-dir", "copy the stopped data directory (when copyDataDir is on and it fits)",
                List.of(Effect.remote(PreviewCommands.shown(copyCommand(DATA_DIR, copyPath(STAMP)))
                        + "  # only when copyDataDir=" + s.copyDataDir() + " and the disk allows")),
                ctx -> {
                    if (!DUMP_AND_COPY.equals(ctx.output(ID, "backupMode").orElse(DUMP_ONLY))
                            || ctx.output(ID, "dataCopy").isPresent()) {
                        ctx.progress("no data dir copy to take");
                        return;
                    }
                    String copy = copyPath(ctx.requireOutput(ID, "backupStamp"));
                    String command = copyCommand(ctx.requireOutput(ID, "dataDir"), copy);
                    HostCommands.require(ctx, RemoteTimeouts.data(command, command), "Check free space in "
                            + s.backupDir() + ", or set copyDataDir: false to rely on the dump");
                    ctx.record("dataCopy", copy);
                    ctx.progress("copied the data directory to " + copy);
                });
    }

    /**
     * The errors psql reported while loading a pg_dumpall script, minus the one every load into a fresh cluster
     * gives: {@code CREATE ROLE} of the bootstrap superuser, which initdb already made. psql without ON_ERROR_STOP
     * exits 0 whatever failed, so its exit code alone would call a half-loaded database restored.
     */
    static List<String> loadErrors(String stderr) {
        return (stderr == null ? "" : stderr).lines().filter(line -> line.contains("ERROR:"))
                .filter(line -> !ROLE_EXISTS.matcher(line).find()).toList();
    }

    private String clusterMajorCommand(String dataDir) {
        return s.sudo() + "cat -- " + ShellWords.quote(dataDir + "/PG_VERSION");
    }

    /** The major of the cluster in {@code dataDir} (its PG_VERSION file), or "" when there is none. */
    private String clusterMajor(ActionContext ctx, String dataDir) {
        CommandResult result = HostCommands.run(ctx, RemoteCommand.of(clusterMajorCommand(dataDir), HostCommands.SHORT));
        return result.ok() ? result.stdout().strip() : "";
    }

    private String restoreCommand(String dataDir, String aside, String copy) {
        String fill = copy == null ? "install -d -m 700 -- " + ShellWords.quote(dataDir)
                : "cp -a -- " + ShellWords.quote(copy) + " " + ShellWords.quote(dataDir);
        return s.sudo() + "sh -c " + ShellWords.quote("set -e; [ ! -e " + ShellWords.quote(dataDir) + " ] || mv -- "
                + ShellWords.quote(dataDir) + " " + ShellWords.quote(aside) + "; " + fill);
    }

    Action restoreDataDir() {
        String aside = DATA_DIR + ".ferry-upgraded-" + STAMP;
        return new Action("restore-data-dir", "move the upgraded data dir aside and put the old one back",
                List.of(Effect.check(PreviewCommands.shown(clusterMajorCommand(DATA_DIR))
                                + "  # the old major there: the upgrade never ran, leave it"),
                        Effect.remote(PreviewCommands.shown(restoreCommand(DATA_DIR, aside, copyPath(STAMP)))
                                + "  # with a data dir copy"),
                        Effect.remote(PreviewCommands.shown(restoreCommand(DATA_DIR, aside, null))
                                + "  # dump only: the old image starts empty")),
                ctx -> {
                    if (ctx.output(ID, "dataDirRestored").isPresent()) {
                        ctx.progress("data directory already restored");
                        return;
                    }
                    String dataDir = ctx.output(ID, "dataDir").orElseThrow(() -> Failures.step(
                            "no data directory was recorded by " + ID, "Nothing was upgraded; restore by hand if needed"));
                    String oldMajor = PostgresCommands.major(ctx.requireOutput(ID, "oldVersion"));
                    if (oldMajor.equals(clusterMajor(ctx, dataDir))) {
                        ctx.record("dataDirRestored", KEPT);
                        ctx.progress(dataDir + " still holds the PostgreSQL " + oldMajor + " cluster (the upgrade never"
                                + " ran); left as it is");
                        return;
                    }
                    String command = restoreCommand(dataDir, dataDir + ".ferry-upgraded-" + HostFiles.stamp(),
                            ctx.output(ID, "dataCopy").orElse(null));
                    HostCommands.require(ctx, RemoteTimeouts.data(command, command), "Follow runbooks/" + ID + ".md");
                    ctx.record("dataDirRestored", "true");
                });
    }

    Action restoreDump() {
        String shown = dumpPath(STAMP);
        return new Action("restore-dump", "load the dump into the fresh old-version cluster (dump-only backups)",
                List.of(Effect.remote(PreviewCommands.shown(s.postgres().restoreAll(shown))
                        + "  # only when no data dir copy was taken")),
                ctx -> {
                    if (ctx.output(ID, "dataCopy").isPresent() || ctx.output(ID, "dumpRestored").isPresent()
                            || KEPT.equals(ctx.output(ID, "dataDirRestored").orElse(null))) {
                        ctx.progress("no dump to load");
                        return;
                    }
                    String path = ctx.output(ID, "dumpPath").orElseThrow(() -> Failures.step(
                            "no dump was recorded by " + ID, "Restore from your own backup; see runbooks/" + ID + ".md"));
                    String command = s.postgres(ctx).restoreAll(path);
                    CommandResult result = HostCommands.run(ctx, RemoteTimeouts.data(command, command));
                    List<String> errors = loadErrors(result.stderr());
                    if (!result.ok() || !errors.isEmpty()) {
                        throw Failures.step("loading " + path + " into the fresh " + s.service() + " "
                                + (result.ok() ? "reported " + errors.size() + " error(s), first: "
                                + Redacted.urls(errors.isEmpty() ? "" : errors.get(0)) : "exited " + result.exitCode()),
                                "The old cluster holds only part of the data and the writers are still stopped. Read"
                                + " `" + s.preview().logs(s.service(), 100) + "`, then follow runbooks/" + ID + ".md"
                                + " (Undo by hand) to load the dump into an empty data dir");
                    }
                    ctx.record("dumpRestored", "true");
                });
    }
}
