package dev.ferry.doctor;

import dev.ferry.steps.BackupDiskCheck;
import dev.ferry.host.HostCommands;
import dev.ferry.host.EnvFile;
import dev.ferry.host.ComposeFile;
import dev.ferry.steps.UpgradeSettings;
import dev.ferry.host.ComposeCommands;
import dev.ferry.steps.PostgresCommands;
import dev.ferry.steps.MoveSettings;
import dev.ferry.host.ShellWords;
import dev.ferry.Failures;
import dev.ferry.host.DiskSpace;
import dev.ferry.step.Check;
import dev.ferry.step.StepContext;
import dev.ferry.step.HostConnector;
import dev.ferry.host.HostKeyRefusedException;
import dev.ferry.step.RemoteShell;
import dev.ferry.step.RemoteShell.CommandResult;
import dev.ferry.step.RemoteShell.RemoteCommand;
import dev.ferry.plan.ComposeProject;
import dev.ferry.plan.Plan;
import dev.ferry.plan.SourceHost;
import dev.ferry.plan.StepIds;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * {@code ferry doctor}'s checks of the source host, with the commands and rules the steps use. Read-only: they read
 * files and sizes, never create, edit or stop anything. One SSH connection for all of them; close it at the end.
 */
final class HostChecks implements AutoCloseable {
    private static final Duration COMMAND = Duration.ofSeconds(60);

    private final Plan plan;
    private final HostConnector connector;
    private final ComposeProject project;
    private RemoteShell shell;
    private ComposeCommands compose;
    private boolean closed;

    HostChecks(Plan plan, HostConnector connector) {
        this.plan = plan;
        this.connector = connector;
        this.project = plan.compose();
    }

    /** Connects with the run's strict host key checking (doctor never trusts a new key by itself). */
    Check ssh() {
        SourceHost host = plan.source();
        try {
            keep(connector.connect(host));
        } catch (HostKeyRefusedException refused) {
            return Check.fail(refused.changed() ? "the host key of " + host.host() + " CHANGED: it presents "
                            + refused.presented() : "the host key of " + host.host() + " is not trusted yet: it presents "
                            + refused.presented(),
                    "Verify it on the host (`" + refused.verifyCommand() + "`), then trust it: `"
                            + refused.trustCommand() + "` (or let `ferry run --accept-new-host-key` trust it on first use)");
        }
        return Check.ok(host.user() + "@" + host.host() + ":" + host.port() + ", host key trusted");
    }

    Check sudo() {
        CommandResult result = shell().run(RemoteCommand.of("sudo -n true", COMMAND));
        if (!result.ok()) {
            return Check.fail("`sudo -n true` exited " + result.exitCode() + " for " + plan.source().user() + HostCommands.lastLine(result),
                    "Allow " + plan.source().user() + " to run sudo without a password on the host (the backup and"
                            + " cleanup commands run du, df, install, cp and rm with `sudo -n`), or connect as root");
        }
        return Check.ok(plan.source().user() + " may run `sudo -n`");
    }

    Check composeTool() {
        compose = ComposeCommands.detect(shell(), project);
        return Check.ok("`" + compose.binary() + "` works on the host");
    }

    /** The compose file lists {@code services} (the plan's, minus those applied steps removed). */
    Check composeFile(Collection<String> services) {
        String path = project.composePath();
        if (!shell().exists(path)) {
            return Check.fail("no file " + path + " on the host", "Check compose.directory and compose.file in the plan");
        }
        List<String> present = ComposeFile.parse(shell().readFile(path)).services();
        List<String> missing = services.stream().filter(s -> !present.contains(s)).toList();
        if (!missing.isEmpty()) {
            return Check.fail(path + " has no service " + String.join(", ", missing) + " (it has "
                    + String.join(", ", present) + ")", "Point compose.file at the project that runs the app, or fix"
                    + " compose.services in the plan");
        }
        return Check.ok(path + " has the plan's " + services.size() + " services");
    }

    /** The env file assigns {@code keys}; values are never read into the check. */
    Check envFile(Collection<String> keys) {
        String path = project.envFile();
        if (!shell().exists(path)) {
            return Check.fail("no file " + path + " on the host", "Check compose.envFile in the plan");
        }
        List<String> present = EnvFile.parse(shell().readFile(path)).keys();
        List<String> missing = keys.stream().filter(k -> !present.contains(k)).toList();
        if (!missing.isEmpty()) {
            return Check.fail(path + " does not set " + String.join(", ", missing), "Add them to the env file, or fix"
                    + " compose.databaseUrlKey, compose.redisUrlKey or target.parameters.carry in the plan");
        }
        return Check.ok(path + " sets " + String.join(", ", keys));
    }

    /** upgrade-local-postgres: the data directory's size against the room next to it and in the backup dir. */
    Check backupRoom() {
        UpgradeSettings s = new UpgradeSettings(context(StepIds.UPGRADE_LOCAL_POSTGRES));
        DiskSpace disk = new DiskSpace(s.sudo());
        String dataDir = require(new PostgresCommands(compose(), s.service()).dataDirOnHost(), "Start " + s.service()
                + " (`" + compose().up(List.of(s.service())) + "`): the step reads its version and data directory");
        if (dataDir.isEmpty()) {
            return Check.fail("no volume is mounted at " + PostgresCommands.DATA_DIR_IN_CONTAINER + " in the "
                    + s.service() + " container (or it is not running)", "Start " + s.service() + " with its data"
                    + " directory on a volume; the upgrade needs it");
        }
        String backupFree = disk.freeNearestCommand(s.backupDir());
        BackupDiskCheck room = new BackupDiskCheck(DiskSpace.usedBytes(require(disk.usedCommand(dataDir), null),
                disk.usedCommand(dataDir)), DiskSpace.freeBytes(require(disk.freeCommand(dataDir), null),
                disk.freeCommand(dataDir)), DiskSpace.freeBytes(require(backupFree, null), backupFree));
        var shortfall = room.shortfall(dataDir, s.backupDir());
        if (shortfall.isPresent()) {
            return Check.fail(shortfall.get().fact(), shortfall.get().remedy());
        }
        String sizes = "data " + DiskSpace.human(room.used()) + " in " + dataDir + "; " + DiskSpace.human(room.freeForBackups())
                + " free for " + s.backupDir() + " (dump about " + DiskSpace.human(room.dumpBytes()) + ")";
        if (s.copyDataDir() && !room.copyFits()) {
            return Check.warn(sizes + ": no room for a copy of the data directory too, so the dump will be the only"
                    + " backup", "Free about " + DiskSpace.human(2 * room.dumpBytes() - room.freeForBackups()) + " in "
                    + s.backupDir() + ", or set upgrade-local-postgres.copyDataDir: false to accept that");
        }
        return Check.ok(sizes);
    }

    /** move-database: room in the move's work directory for the dump of the method it will use. */
    Check moveRoom() {
        return new MoveDiskCheck(new MoveSettings(context(StepIds.MOVE_DATABASE)), this).check();
    }

    /** Method replicate, or auto with a replicationSource: the doctor then says what auto would choose. */
    boolean replicates() {
        return new MoveSettings(context(StepIds.MOVE_DATABASE)).mayReplicate();
    }

    /** move-database with method replicate: what the compose postgres lacks for logical replication. */
    Check replication() {
        return new ReplicationCheck(new MoveSettings(context(StepIds.MOVE_DATABASE)), this).check();
    }

    /** Whether move-database may replicate with a replicationSource: the doctor then checks the published port. */
    boolean publishes() {
        MoveSettings settings = new MoveSettings(context(StepIds.MOVE_DATABASE));
        return settings.mayReplicate() && settings.replicationSource() != null;
    }

    /** Whether the compose postgres is published at replicationSource, or who will publish it. */
    Check publishedPort(boolean upgradeToRun) {
        return new PublishCheck(new MoveSettings(context(StepIds.MOVE_DATABASE)), this, upgradeToRun).check();
    }

    StepContext context(String stepId) {
        return new StepContext(plan, plan.step(stepId).orElseThrow());
    }

    RemoteShell shell() {
        if (shell == null) {
            throw new IllegalStateException("not connected: the ssh check did not pass");
        }
        return shell;
    }

    ComposeCommands compose() {
        return compose != null ? compose : (compose = ComposeCommands.detect(shell(), project));
    }

    /** Runs a read-only command; its trimmed stdout, or a failure that says what to check. */
    String require(String command, String nextAction) {
        CommandResult result = shell().run(RemoteCommand.of(ShellWords.runnable(command), COMMAND));
        if (!result.ok()) {
            throw Failures.step("`" + command + "` exited " + result.exitCode() + " on " + plan.source().host()
                    + HostCommands.lastLine(result), nextAction == null ? "Run it on the host by hand to see why" : nextAction);
        }
        return result.stdout().strip();
    }

    private synchronized void keep(RemoteShell opened) {
        if (closed) {
            opened.close();
        } else {
            shell = opened;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (shell != null) {
            shell.close();
        }
    }
}
