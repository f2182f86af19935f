package dev.ferry.steps;

import dev.ferry.database.DatabasePorts.ConnectionSpec;
import dev.ferry.database.DatabasePorts.Snapshot;
import dev.ferry.engine.Action;
import dev.ferry.engine.ActionContext;
import dev.ferry.engine.Effect;
import dev.ferry.engine.Reversibility;
import dev.ferry.engine.Step;
import dev.ferry.engine.StepContext;
import dev.ferry.plan.DatabaseSpec;
import dev.ferry.plan.StepIds;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Moves the data to RDS while the writers are stopped: a streamed dump and restore on the host, verification, then
 * the env file is repointed and the compose postgres service dropped. Until the repoint nothing refers to RDS, so a
 * failed copy or verification just restarts the app on the local database.
 */
public final class MoveDatabase implements Step {
    static final String ID = StepIds.MOVE_DATABASE;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Move the database to RDS (writers stopped), verify, repoint the env file";
    }

    @Override
    public Reversibility reversibility() {
        return Reversibility.REVERSIBLE_WITH_DATA_LOSS;
    }

    @Override
    public boolean downtime() {
        return true;
    }

    @Override
    public List<Action> actions(StepContext context) {
        MoveSettings s = new MoveSettings(context);
        HostActions host = s.host();
        List<String> writers = context.plan().compose().writers();
        return List.of(
                checkDatabases(s),
                host.stop("stop-writers", writers, "stoppedWriters", null),
                copyData(s),
                verifyCopy(s),
                host.setEnv("repoint-env", s.urlKey(), s.rdsUrlPreview(), s::rdsUrlText),
                host.removeService("remove-postgres-service", s.service()),
                host.recreate("recreate-containers", writers, "stoppedWriters", List.of(s.service())));
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

    private Action checkDatabases(MoveSettings s) {
        String env = s.host().envPath();
        return new Action("check-databases", "the env file points at the compose postgres and RDS is ready", List.of(
                Effect.check("read " + env + ": " + s.urlKey() + " points at compose service " + s.service()
                        + " or already at RDS (value never shown)"),
                AwsCall.of("ssm:GetParameter", "Name", new PlanNames(s.plan()).parameter(PlanNames.DATABASE_PASSWORD),
                        "WithDecryption", true)),
                ctx -> {
                    DatabaseUrl rds = s.rdsUrl(ctx);
                    String current = EnvFile.parse(ctx.host().readFile(env)).get(s.urlKey()).orElse("");
                    if (current.isEmpty() || DatabaseUrl.parse(current).host().equals(rds.host())) {
                        ctx.progress(s.urlKey() + " already points at RDS " + rds.host());
                        return;
                    }
                    DatabaseUrl local = DatabaseUrl.parse(current);
                    if (!local.host().equals(s.service())) {
                        throw Failures.preflight(s.urlKey() + " points at " + local.host() + ", neither compose service "
                                + s.service() + " nor RDS " + rds.host(), "Check compose.databaseUrlKey and the env file");
                    }
                    ctx.progress("moving " + local + " to " + rds);
                });
    }

    private Action copyData(MoveSettings s) {
        DataMover preview = s.mover(s.host().preview());
        DatabaseSpec rds = s.plan().target().database();
        String command = preview.command(
                new DataMover.Endpoint("<user from " + s.urlKey() + ">", "<database from " + s.urlKey() + ">",
                        DataMover.LOCAL, PlanNames.POSTGRES_PORT),
                new DataMover.Endpoint(rds.masterUsername(), rds.databaseName(), "<rds host>", PlanNames.POSTGRES_PORT));
        return new Action("copy-data", "stream pg_dump | pg_restore from the compose postgres to RDS, on the host", List.of(
                Effect.remote("rm -rf -- " + preview.pgpassDir() + " && mkdir -m 700 -- " + preview.pgpassDir()),
                Effect.edit(preview.pgpassPath() + ": local and RDS credentials (mode 600, deleted after the copy)"),
                Effect.remote(command),
                Effect.remote("rm -rf -- " + preview.pgpassDir())),
                ctx -> {
                    if (ctx.output(ID, "copiedAt").isPresent()) {
                        ctx.progress("data already copied at " + ctx.output(ID, "copiedAt").get());
                        return;
                    }
                    runCopy(ctx, s);
                    ctx.record("copiedAt", Instant.now().toString());
                });
    }

    private void runCopy(ActionContext ctx, MoveSettings s) {
        DataMover mover = s.mover(s.host().compose(ctx));
        DatabaseUrl local = s.localUrl(ctx);
        DatabaseUrl rds = s.rdsUrl(ctx);
        mover.writePgpass(ctx, local.pgpassLine(DataMover.LOCAL, PlanNames.POSTGRES_PORT), rds.pgpassLine(rds.host(), rds.port()));
        try {
            String command = mover.command(DataMover.Endpoint.of(local, DataMover.LOCAL, PlanNames.POSTGRES_PORT),
                    DataMover.Endpoint.of(rds, rds.host(), rds.port()));
            ctx.progress("copying " + local.database() + " to RDS " + rds.host() + " (" + s.method() + ")");
            Remote.require(ctx, RemoteShellCommands.data(command, command), "The copy to RDS failed");
        } catch (RuntimeException e) {
            throw restartOnLocal(ctx, s, e.getMessage());
        } finally {
            mover.removePgpass(ctx);
        }
    }

    private Action verifyCopy(MoveSettings s) {
        String what = s.checksums() ? "row counts, sequence values and checksums" : "row counts and sequence values";
        return new Action("verify-copy", "compare " + what + " of every table", List.of(
                Effect.check(s.containerAddress(s.host().preview())),
                Effect.check(what + " of every table: local " + s.service() + " (at <container address>:5432) = RDS"
                        + " <rds endpoint>")),
                ctx -> {
                    if (ctx.output(ID, "verifiedSnapshot").isPresent()) {
                        ctx.progress("copy already verified");
                        return;
                    }
                    ConnectionSpec local = s.localConnection(ctx, s.host().compose(ctx));
                    DatabaseUrl rds = s.rdsUrl(ctx);
                    Snapshot before = ctx.database().snapshot(local);
                    Snapshot after = ctx.database().snapshot(rds.at(rds.host(), rds.port()));
                    List<String> differences = SnapshotComparison.differences(before, after, s.checksums());
                    if (!differences.isEmpty()) {
                        throw restartOnLocal(ctx, s, "RDS differs from the local database after the copy:"
                                + SnapshotComparison.summary(differences));
                    }
                    ctx.record("verifiedSnapshot", SnapshotComparison.encode(after));
                    ctx.progress("verified " + after.rowCounts().size() + " tables and " + after.sequences().size()
                            + " sequences on RDS");
                });
    }

    /** Nothing points at RDS yet: starting the writers again puts the app back on the local database. */
    private RuntimeException restartOnLocal(ActionContext ctx, MoveSettings s, String cause) {
        List<String> stopped = HostActions.recorded(ctx, ID, "stoppedWriters");
        try {
            s.host().startAndConfirm(ctx, stopped);
        } catch (RuntimeException restart) {
            return Failures.step(cause + "\nRestarting " + stopped + " on the local database failed too: "
                    + restart.getMessage(), "Start them by hand: " + s.host().preview().start(stopped));
        }
        return Failures.step(cause + "\nNothing was repointed; " + stopped + " run again on the local database",
                "Fix the cause, then run the step again (the copy starts over with --clean)");
    }
}
