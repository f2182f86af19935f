package dev.ferry.steps;

import dev.ferry.ErrorCode;
import dev.ferry.step.DatabasePorts.CopyBackResult;
import dev.ferry.step.DatabasePorts.CopyBackPlan;
import dev.ferry.FerryException;
import dev.ferry.step.DatabasePorts.Snapshot;
import dev.ferry.database.ReverseCopy;
import dev.ferry.database.SnapshotComparison;
import dev.ferry.step.Action;
import dev.ferry.step.ActionContext;
import dev.ferry.step.Effect;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Puts the app back on the local database. If the app wrote to RDS since the move, those writes exist only there:
 * the rollback refuses, naming the tables, unless {@code copyBack: true} asks it to copy them back to the local
 * database first (whole tables, through JDBC COPY, verified, in one transaction).
 */
final class MoveDatabaseRollback {
    private static final String ID = MoveSettings.ID;
    private static final String STOPPED = "rollbackStoppedWriters";
    /** Until the env file points at RDS, the app never ran there: nothing on RDS to check, stop for or copy back. */
    private static final String REPOINT = "repoint-env";

    private final MoveSettings s;
    private final HostActions host;

    MoveDatabaseRollback(MoveSettings settings) {
        this.s = settings;
        this.host = settings.host();
    }

    List<Action> actions() {
        List<String> writers = s.plan().compose().writers();
        List<Action> actions = new ArrayList<>();
        // Before the repoint the app never ran on RDS: dropping the replication is all a rollback has to do there.
        if (s.replicates()) {
            actions.add(new ReplicationActions(s).stop("drop-replication", true)
                    .undoing(ReplicationPath.OPEN, ReplicationActions.START));
        } else if (s.mayReplicate()) {
            actions.add(MethodChoice.only(MethodChoice.REPLICATE, new ReplicationActions(s).stop("drop-replication", true))
                    .undoing(ReplicationPath.OPEN, ReplicationActions.START));
        }
        actions.addAll(List.of(
                checkWrites("check-writes-since-move", false).undoing(REPOINT),
                host.stop("stop-writers", writers, STOPPED, null).undoing(REPOINT),
                checkWrites("confirm-no-new-writes", true).undoing(REPOINT),
                host.restoreComposeFile("restore-compose-file").undoing("remove-postgres-service"),
                PostgresStart.action("start-local-postgres", host, s.service(), Duration.ofMinutes(10),
                        "follow runbooks/" + ID + ".md").undoing("remove-postgres-service", "recreate-containers"),
                copyBack().undoing(REPOINT),
                host.restoreEnv("restore-env-file", s.urlKey()).undoing(REPOINT),
                host.recreate("recreate-containers", writers, List.of(STOPPED, "stoppedWriters"), List.of())
                        .undoing("stop-writers")));
        return actions;
    }

    private Action checkWrites(String name, boolean writersStopped) {
        String then = s.copyBack() ? "copy them back to the local database (copyBack: true)"
                : "refuse, naming the tables (set move-database.copyBack: true to copy them back)";
        return new Action(name, "compare RDS with its snapshot taken after the move",
                List.of(Effect.check("row counts, sequence values and row digests on RDS <rds endpoint> (through an SSH"
                        + " tunnel via the host) = the baseline kept after the move; if not: " + then)),
                ctx -> {
                    List<String> writes = writesSinceMove(ctx);
                    ctx.record("writesSinceMove", String.valueOf(!writes.isEmpty()));
                    if (writes.isEmpty() || s.copyBack()) {
                        ctx.progress(writes.isEmpty() ? "no writes on RDS since the move"
                                : "RDS has writes since the move in " + String.join(", ", writes)
                                        + "; they will be copied back");
                        return;
                    }
                    if (writersStopped) {
                        host.startAndConfirm(ctx, HostActions.recorded(ctx, ID, STOPPED));
                    }
                    throw FerryException.advised(ErrorCode.CONFIRMATION_REQUIRED, "RDS has writes made after the move, which"
                            + " a rollback to the local database would drop:" + CopyVerification.summary(writes)
                            + "\nNothing was rolled back. To keep them, set move-database.copyBack: true (copies these"
                            + " tables from RDS back to the local database, with the writers stopped) and run the"
                            + " rollback again");
                });
    }

    /** The tables and sequences that differ on RDS from the baseline, each named. */
    private List<String> writesSinceMove(ActionContext ctx) {
        Optional<Snapshot> moved = Baseline.load(ctx, ID);
        if (moved.isEmpty()) {
            return List.of();
        }
        Snapshot now = ctx.database().snapshot(s.rds(ctx));
        List<String> writes = new ArrayList<>();
        SnapshotComparison.changedTables(moved.get(), now).forEach(t -> writes.add("table " + t));
        SnapshotComparison.changedSequences(moved.get(), now).forEach(q -> writes.add("sequence " + q));
        return writes;
    }

    private Action copyBack() {
        return new Action("copy-back", "copy RDS's writes since the move back to the local database (copyBack: true)",
                List.of(Effect.check("which tables and sequences changed on RDS since the move, and that each can go"
                                + " back (same columns, not also written locally)"),
                        Effect.local("JDBC through SSH tunnels via the host, per changed table, in one transaction on"
                                + " the local database: DELETE, then COPY from RDS, verify count and checksum; then setval"
                                + " of changed sequences  # only when RDS has writes since the move")),
                ctx -> {
                    if (!"true".equals(ctx.output(ID, "writesSinceMove").orElse("false"))
                            || ctx.output(ID, "copiedBackAt").isPresent()) {
                        ctx.progress("nothing to copy back");
                        return;
                    }
                    Snapshot moved = Baseline.load(ctx, ID).orElseThrow();
                    var rds = s.rds(ctx);
                    var local = s.local(ctx);
                    CopyBackPlan plan = ctx.database().detectWrites(moved, rds, local);
                    ctx.progress(plan.describe());
                    CopyBackResult copied = ctx.database().copyBack(plan, rds, local);
                    ctx.record("copiedBackTables", String.join(",", copied.tables()));
                    ctx.record("copiedBackAt", Instant.now().toString());
                    ctx.progress("copied back " + copied.rows() + " rows of " + String.join(", ", copied.tables())
                            + (copied.sequences().isEmpty() ? "" : "; sequences " + String.join(", ", copied.sequences())));
                });
    }
}
