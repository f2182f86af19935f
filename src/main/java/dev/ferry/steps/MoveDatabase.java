package dev.ferry.steps;

import dev.ferry.Failures;
import dev.ferry.host.DiskSpace;
import dev.ferry.host.RemoteTimeouts;
import dev.ferry.host.HostCommands;
import dev.ferry.host.ShellWords;
import dev.ferry.host.EnvFile;
import dev.ferry.database.DataMove;
import dev.ferry.database.DumpChoice;
import dev.ferry.step.DatabasePorts.ConnectionSpec;
import dev.ferry.database.MoveMethod;
import dev.ferry.database.Pipeline;
import dev.ferry.database.ProgressParser;
import dev.ferry.database.VerifiedTls;
import dev.ferry.step.SourceInventory;
import dev.ferry.step.Action;
import dev.ferry.step.ActionContext;
import dev.ferry.step.Effect;
import dev.ferry.step.Reversibility;
import dev.ferry.step.StepContext;
import dev.ferry.step.RemoteShell.CommandResult;
import dev.ferry.step.RemoteShell.RemoteCommand;
import dev.ferry.plan.DatabaseSpec;
import dev.ferry.plan.StepIds;
import dev.ferry.step.Redacted;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Moves the data to RDS while the writers are stopped: the database package's pipeline runs on the host (directory
 * format with parallel jobs when the host's disk has room for the dump, else a stream), then both databases are
 * compared through SSH tunnels via the host, then the env file is repointed and the compose postgres service dropped.
 * Until the repoint nothing refers to RDS, so a failed copy or verification just restarts the app on the local database.
 */
public final class MoveDatabase extends BuiltInStep {
    static final String ID = StepIds.MOVE_DATABASE;

    public MoveDatabase() {
        super(ID, "Move the database to RDS (writers stopped), verify, repoint the env file",
                Reversibility.REVERSIBLE_WITH_DATA_LOSS, true);
    }

    @Override
    public List<Action> actions(StepContext context) {
        MoveSettings s = new MoveSettings(context);
        HostActions host = s.host();
        List<String> writers = context.plan().compose().writers();
        StoppedWindow window = new StoppedWindow(host, writers, ID);
        if (s.replicates()) {
            ReplicationActions replication = new ReplicationActions(s);
            return window.guarded(List.of(
                    checkDatabases(s),
                    replication.check(),
                    replication.copySchema(this),
                    new ReplicationPath(s).open(),
                    replication.start(),
                    replication.awaitInitialCopy(),
                    replication.verifyLive(),
                    host.stop("stop-writers", writers, "stoppedWriters", null),
                    replication.catchUp(this),
                    replication.copySequences(this),
                    CopyVerification.action(this, s, replication.cutoverPreview(), replication::cutoverSnapshots),
                    replication.stop("stop-replication", false),
                    host.setEnv("repoint-env", s.urlKey(), s.rdsUrlPreview(), s::rdsUrlText),
                    host.removeService("remove-postgres-service", s.service()),
                    host.recreate("recreate-containers", writers, List.of("stoppedWriters"), List.of(s.service())),
                    new ReplicationPath(s).close()));
        }
        if (s.mayReplicate()) {
            return window.guarded(new MethodChoice(s).actions(this, writers));
        }
        return window.guarded(List.of(
                checkDatabases(s),
                host.stop("stop-writers", writers, "stoppedWriters", null),
                copyData(s),
                CopyVerification.action(this, s, List.of(CopyVerification.wholePreview(s)), CopyVerification.wholeSides(s)),
                host.setEnv("repoint-env", s.urlKey(), s.rdsUrlPreview(), s::rdsUrlText),
                host.removeService("remove-postgres-service", s.service()),
                host.recreate("recreate-containers", writers, List.of("stoppedWriters"), List.of(s.service()))));
    }

    @Override
    public List<Action> rollbackActions(StepContext context) {
        return new MoveDatabaseRollback(new MoveSettings(context)).actions();
    }

    @Override
    public Object planInput(StepContext context) {
        MoveSettings s = new MoveSettings(context);
        return Map.of("compose", context.plan().compose(), "database", context.plan().target().database(),
                "method", s.method(), "jobs", s.jobs(), "checksums", s.checksums());
    }

    Action checkDatabases(MoveSettings s) {
        String env = s.host().envPath();
        return new Action("check-databases", "the env file points at the compose postgres and RDS is ready", List.of(
                Effect.check("read " + env + ": " + s.urlKey() + " points at compose service " + s.service()
                        + " or already at RDS (value never shown)"),
                Effect.check("the RDS CA bundle " + s.plan().target().database().caBundle() + " is a readable PEM"
                        + " file, and RDS answers over TLS verified against it (sslmode=verify-full, through an SSH"
                        + " tunnel via the host)"),
                AwsCall.of("ssm:GetParameter", "Name", new PlanNames(s.plan()).parameter(PlanNames.DATABASE_PASSWORD),
                        "WithDecryption", true)),
                ctx -> {
                    ConnectionSpec rds = s.rds(ctx);
                    VerifiedTls.requireBundle(rds.tls());
                    if (pointsAtRds(ctx, s)) {
                        ctx.progress(s.urlKey() + " already points at RDS " + rds.host());
                        return;
                    }
                    // A wrong CA bundle or name fails here, before the writers stop, not during the downtime.
                    ctx.database().inventory(rds);
                    ctx.progress("moving " + s.localUrl(ctx) + " to " + rds + " (TLS verified)");
                });
    }

    /** Whether the env file names RDS already; fails when it names neither database. */
    private static boolean pointsAtRds(ActionContext ctx, MoveSettings s) {
        DatabaseUrl rds = s.rdsUrl(ctx);
        String current = EnvFile.parse(ctx.host().readFile(s.host().envPath())).get(s.urlKey()).orElse("");
        if (current.isEmpty() || DatabaseUrl.parse(current).host().equals(rds.host())) {
            return true;
        }
        DatabaseUrl local = DatabaseUrl.parse(current);
        if (!local.host().equals(s.service())) {
            throw Failures.preflight(s.urlKey() + " points at " + local.host() + ", neither compose service "
                    + s.service() + " nor RDS " + rds.host(), "Check compose.databaseUrlKey and the env file");
        }
        return false;
    }

    Action copyData(MoveSettings s) {
        DatabaseSpec db = s.plan().target().database();
        ConnectionSpec localShown = new ConnectionSpec("<container address>", PlanNames.POSTGRES_PORT,
                "<database from " + s.urlKey() + ">", "<user from " + s.urlKey() + ">", null);
        ConnectionSpec rdsShown = new ConnectionSpec("<rds endpoint>", PlanNames.POSTGRES_PORT, db.databaseName(),
                db.masterUsername(), null).verifiedBy(db.caBundle());
        boolean auto = MoveMethod.AUTO.equals(s.method());
        MoveMethod shownMethod = auto ? DataMove.DEFAULT_METHOD : MoveMethod.parse(s.method());
        Pipeline shown = DataMove.pipeline(localShown, rdsShown, new SourceInventory(List.of(), List.of()),
                s.options(shownMethod));
        String choice = auto ? (s.mayReplicate() ? "method auto, when it chose a dump: " : "method auto: a dump, not"
                + " replicate, as replicationSource (where RDS reaches the local database) is not set; ")
                + DumpChoice.rule(s.workDirectory()) : "method: " + s.method();
        return new Action("copy-data", "copy the compose postgres to RDS with the client of RDS's major, on the host",
                List.of(Effect.check(s.containerAddress(s.host().preview()) + "  # the container's address and port"),
                        Effect.check("tables and sizes of the local database and of RDS, through SSH tunnels via the"
                                + " host (RDS must be empty, or hold only an interrupted copy: then restore with --clean)"),
                        Effect.check(new DiskSpace("").freeCommand(s.workDirectory()) + "  # " + choice),
                        Effect.remote(DataMove.workDirectoryCommand(s.workDirectoryPrefix()) + "  # prints the new work"
                                + " directory " + shown.workDirectory()),
                        Effect.edit(shown.passFile().path() + ": local and RDS credentials (mode 600, deleted with the"
                                + " work directory when the move ends)"),
                        Effect.edit(shown.caFile().path() + ": a copy of " + db.caBundle() + ", the CA bundle the"
                                + " programs verify RDS's certificate and name against (sslmode=verify-full)"),
                        Effect.remote("sh -c '<script>'  # " + shown.display())),
                ctx -> {
                    if (ctx.output(ID, "copiedAt").isPresent()) {
                        ctx.progress("data already copied at " + ctx.output(ID, "copiedAt").get());
                        return;
                    }
                    if (pointsAtRds(ctx, s)) {
                        throw Failures.preflight(s.urlKey() + " already points at RDS but this state has no record"
                                + " of a copy; copying now could overwrite what the app wrote there",
                                "Check the env file and `ferry status`; repoint it to " + s.service() + " by hand if"
                                        + " the app never ran on RDS");
                    }
                    try {
                        runCopy(ctx, s);
                    } catch (RuntimeException e) {
                        throw restartOnLocal(ctx, s, e.getMessage());
                    }
                    ctx.record("copiedAt", Instant.now().toString());
                });
    }

    void runCopy(ActionContext ctx, MoveSettings s) {
        ConnectionSpec local = s.local(ctx);
        ConnectionSpec rds = s.rds(ctx);
        SourceInventory inventory = ctx.database().inventory(local);
        SourceInventory onRds = ctx.database().inventory(rds);
        boolean clean = !onRds.tables().isEmpty() || !onRds.sequences().isEmpty();
        if (clean) {
            ctx.progress("RDS holds " + onRds.tables().size() + " table(s) from an earlier, interrupted copy (nothing"
                    + " pointed at it): the restore drops them first");
        }
        MoveMethod method = method(ctx, s, inventory);
        ctx.record("method", method.id());
        String work = DataMove.createdWorkDirectory(s.workDirectoryPrefix(), HostCommands.require(ctx,
                DataMove.workDirectoryCommand(s.workDirectoryPrefix()), "Check that " + s.workDirectory()
                        + " on the host is writable (move-database.workDirectory)"));
        Pipeline pipeline = DataMove.pipeline(local, rds, inventory, s.options(method).in(work).cleaningTarget(clean));
        ctx.progress("copying " + inventory.tables().size() + " tables (" + DiskSpace.human(inventory.totalBytes())
                + ") to RDS " + rds.host() + " by " + method.id());
        if (!pipeline.passFile().isEmpty()) {
            ctx.host().writeFile(pipeline.passFile().path(), pipeline.passFile().content());
        }
        if (pipeline.caFile() != null) {
            ctx.host().writeFile(pipeline.caFile().path(), pipeline.caFile().content());
        }
        ProgressParser progress = new ProgressParser(inventory, p -> ctx.progress(p.toString()));
        RemoteCommand command = RemoteTimeouts.data(ShellWords.runnable("sh -c " + ShellWords.quote(pipeline.command())),
                pipeline.display());
        ctx.log().info("on {}: {}", s.plan().source().host(), pipeline.display());
        Deque<String> tail = new ArrayDeque<>();
        CommandResult result;
        try (CopyWatcher watcher = CopyWatcher.start(ctx, rds, inventory)) {
            result = ctx.host().run(command, line -> {
                ctx.log().debug("  {}", line);
                progress.accept(line);
                tail.addLast(line);
                if (tail.size() > 4) {
                    tail.removeFirst();
                }
            });
        }
        if (!result.ok()) {
            String failure = progress.current().failure();
            throw Failures.step("the data move (" + method.id() + ") exited " + result.exitCode() + " on the host"
                    + (failure == null ? "" : " in " + failure) + "; its last lines:\n    "
                    + Redacted.urls(String.join("\n    ", tail)), "The run log has all of its output");
        }
    }

    /**
     * Replicate when this move replicates (the plan says so, or auto chose it); else the plan's method, or for auto the
     * choice by the tables' shape and the free disk under /tmp on the host ({@link DumpChoice}).
     */
    private static MoveMethod method(ActionContext ctx, MoveSettings s, SourceInventory inventory) {
        if (MethodChoice.replicating(ctx, s)) {
            return MoveMethod.REPLICATE;
        }
        if (!MoveMethod.AUTO.equals(s.method())) {
            return MoveMethod.parse(s.method());
        }
        long free = new DiskSpace("").free(ctx, s.workDirectory());
        DumpChoice choice = DumpChoice.of(inventory, s.jobs(), free);
        ctx.progress("method auto chose " + choice.method().id() + ": " + choice.because());
        return choice.method();
    }

    /** Nothing points at RDS yet: starting the writers again puts the app back on the local database. */
    RuntimeException restartOnLocal(ActionContext ctx, MoveSettings s, String cause) {
        HostCommands.run(ctx, RemoteCommand.of(DataMove.removeWorkDirectoriesCommand(s.workDirectoryPrefix()), HostCommands.SHORT));
        List<String> stopped = HostActions.recorded(ctx, ID, "stoppedWriters");
        try {
            s.host().startAndConfirm(ctx, stopped);
        } catch (RuntimeException restart) {
            return Failures.step(cause + "\nRestarting " + stopped + " on the local database failed too: "
                    + restart.getMessage(), "Start them by hand: " + s.host().preview().start(stopped));
        }
        return Failures.stepWithNextAction(cause + "\nNothing was repointed; " + stopped + " run again on the local database",
                "Fix the cause, then run the step again (the copy starts over, dropping what it left on RDS)");
    }
}
