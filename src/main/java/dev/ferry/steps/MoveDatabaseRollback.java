package dev.ferry.steps;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.database.DatabasePorts.Snapshot;
import dev.ferry.engine.Action;
import dev.ferry.engine.ActionContext;
import dev.ferry.engine.Effect;
import java.time.Duration;
import java.util.List;

/**
 * Puts the app back on the local database. If the app wrote to RDS since the move, those writes exist only there:
 * the rollback refuses, unless {@code copyBack: true} asks it to copy RDS back to the local database first.
 */
final class MoveDatabaseRollback {
    private static final String ID = MoveSettings.ID;
    private static final String STOPPED = "rollbackStoppedWriters";

    private final MoveSettings s;
    private final HostActions host;

    MoveDatabaseRollback(MoveSettings settings) {
        this.s = settings;
        this.host = settings.host();
    }

    List<Action> actions() {
        List<String> writers = s.plan().compose().writers();
        return List.of(
                checkWrites("check-writes-since-move", false),
                host.stop("stop-writers", writers, STOPPED, null),
                checkWrites("confirm-no-new-writes", true),
                host.restoreComposeFile("restore-compose-file"),
                PostgresStart.action("start-local-postgres", host, s.service(), Duration.ofMinutes(10),
                        "follow runbooks/" + ID + ".md"),
                copyBack(),
                host.restoreEnv("restore-env-file", s.urlKey()),
                host.recreate("recreate-containers", writers, STOPPED, List.of()));
    }

    private Action checkWrites(String name, boolean writersStopped) {
        String then = s.copyBack() ? "copy RDS back to the local database first (copyBack=true)"
                : "refuse (set move-database.copyBack: true to copy them back)";
        return new Action(name, "compare RDS with the snapshot verified after the move",
                List.of(Effect.check("row counts and sequence values on RDS <rds endpoint> = those verified after the"
                        + " move; if not: " + then)),
                ctx -> {
                    List<String> writes = writesSinceMove(ctx);
                    ctx.record("writesSinceMove", String.valueOf(!writes.isEmpty()));
                    if (writes.isEmpty() || s.copyBack()) {
                        ctx.progress(writes.isEmpty() ? "no writes on RDS since the move"
                                : "RDS has writes since the move; they will be copied back");
                        return;
                    }
                    if (writersStopped) {
                        host.startAndConfirm(ctx, HostActions.recorded(ctx, ID, STOPPED));
                    }
                    throw new FerryException(ErrorCode.CONFIRMATION_REQUIRED, "RDS has writes made after the move,"
                            + " which a rollback to the local database would drop:" + SnapshotComparison.summary(writes)
                            + "\nNothing was rolled back. To keep them, set move-database.copyBack: true (copies RDS"
                            + " back to the local database, with the writers stopped) and run the rollback again");
                });
    }

    private List<String> writesSinceMove(ActionContext ctx) {
        if (ctx.output(ID, "verifiedSnapshot").isEmpty()) {
            return List.of();
        }
        Snapshot moved = SnapshotComparison.parse(ctx.output(ID, "verifiedSnapshot").get());
        DatabaseUrl rds = s.rdsUrl(ctx);
        Snapshot now = ctx.database().snapshot(rds.at(rds.host(), rds.port()));
        return SnapshotComparison.differences(moved, now, !moved.checksums().isEmpty());
    }

    private Action copyBack() {
        DataMover preview = s.mover(host.preview());
        String command = preview.command(
                new DataMover.Endpoint(s.plan().target().database().masterUsername(),
                        s.plan().target().database().databaseName(), "<rds host>", PlanNames.POSTGRES_PORT),
                new DataMover.Endpoint("<user from " + s.urlKey() + ">", "<database from " + s.urlKey() + ">",
                        DataMover.LOCAL, PlanNames.POSTGRES_PORT));
        return new Action("copy-back", "copy RDS back to the local database (only if RDS has writes since the move)",
                List.of(Effect.edit(preview.pgpassPath() + ": local and RDS credentials (mode 600, deleted after)"),
                        Effect.remote(command + "  # only when RDS has writes since the move and copyBack=true"),
                        Effect.remote("rm -rf -- " + preview.pgpassDir())),
                ctx -> {
                    if (!"true".equals(ctx.output(ID, "writesSinceMove").orElse("false"))
                            || ctx.output(ID, "copiedBackAt").isPresent()) {
                        ctx.progress("nothing to copy back");
                        return;
                    }
                    runCopyBack(ctx);
                    ctx.record("copiedBackAt", java.time.Instant.now().toString());
                });
    }

    private void runCopyBack(ActionContext ctx) {
        DataMover mover = s.mover(host.compose(ctx));
        DatabaseUrl local = s.localUrl(ctx);
        DatabaseUrl rds = s.rdsUrl(ctx);
        mover.writePgpass(ctx, local.pgpassLine(DataMover.LOCAL, PlanNames.POSTGRES_PORT), rds.pgpassLine(rds.host(), rds.port()));
        try {
            String command = mover.command(DataMover.Endpoint.of(rds, rds.host(), rds.port()),
                    DataMover.Endpoint.of(local, DataMover.LOCAL, PlanNames.POSTGRES_PORT));
            Remote.require(ctx, RemoteShellCommands.data(command, command), "The env file still points at RDS and"
                    + " the writers are stopped; fix the cause and run the rollback again");
        } finally {
            mover.removePgpass(ctx);
        }
    }
}
