package dev.ferry.steps;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.step.DatabasePorts.Snapshot;
import dev.ferry.database.SnapshotComparison;
import dev.ferry.step.Action;
import dev.ferry.step.ActionContext;
import dev.ferry.step.Effect;
import dev.ferry.step.StepContext;
import dev.ferry.plan.StepIds;
import dev.ferry.plan.StepSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rolling the upgrade back restores the backup taken before it, which drops every write made since. So the upgraded
 * database is snapshotted when the upgrade ends (writers still stopped), and the rollback first compares the database
 * with that snapshot: if it was written since, it refuses and names the tables, unless the plan says those writes may
 * be dropped ({@code discardWritesOnRollback: true}).
 */
final class UpgradeBaseline {
    private static final String ID = StepIds.UPGRADE_LOCAL_POSTGRES;
    private static final String TUNNEL = "JDBC through an SSH tunnel via the host: row count, checksum and sequence"
            + " values of every table of the local database";

    private UpgradeBaseline() {
    }

    static Action record() {
        return new Action("record-baseline", "snapshot the upgraded database so a rollback can tell whether it was"
                + " written since", List.of(Effect.check(TUNNEL)), ctx -> {
                    if (Baseline.present(ctx, ID)) {
                        ctx.progress("baseline already taken");
                        return;
                    }
                    Baseline.save(ctx, ID, ctx.database().snapshot(local(ctx)));
                    ctx.progress("baseline taken");
                });
    }

    static Action checkWrites(StepContext context) {
        boolean discard = StepOptions.flag(context.spec(), "discardWritesOnRollback");
        return new Action("check-writes-since-upgrade", "make sure restoring the pre-upgrade backup drops no write",
                List.of(Effect.check(TUNNEL + " = the baseline kept after the upgrade; if not: "
                        + (discard ? "go on and drop those writes (discardWritesOnRollback: true)" : "refuse"))),
                ctx -> {
                    List<String> writes = writesSince(ctx);
                    if (writes.isEmpty()) {
                        ctx.progress("no writes since the upgrade");
                    } else if (discard) {
                        ctx.progress("dropping the writes since the upgrade in " + String.join(", ", writes)
                                + " (discardWritesOnRollback: true)");
                    } else {
                        throw FerryException.advised(ErrorCode.CONFIRMATION_REQUIRED, "the local database was written"
                                + " since the upgrade (" + String.join(", ", writes) + "); rolling back restores the"
                                + " backup taken before the upgrade and would drop those writes. Nothing was changed."
                                + " To keep them, stay on the upgraded version; to drop them, set"
                                + " upgrade-local-postgres.options.discardWritesOnRollback: true and roll back again");
                    }
                });
    }

    private static List<String> writesSince(ActionContext ctx) {
        Optional<Snapshot> upgraded = Baseline.load(ctx, ID);
        if (upgraded.isEmpty()) {
            return List.of();
        }
        Snapshot now = ctx.database().snapshot(local(ctx));
        List<String> writes = new ArrayList<>();
        SnapshotComparison.changedTables(upgraded.get(), now).forEach(t -> writes.add("table " + t));
        SnapshotComparison.changedSequences(upgraded.get(), now).forEach(q -> writes.add("sequence " + q));
        return writes;
    }

    /** The compose postgres as move-database reaches it (its container address, through a tunnel via the host). */
    private static dev.ferry.step.DatabasePorts.ConnectionSpec local(ActionContext ctx) {
        StepSpec defaults = new StepSpec(StepIds.MOVE_DATABASE, StepSpec.StepKind.BUILTIN, Map.of(), List.of());
        return new MoveSettings(new StepContext(ctx.plan(), defaults)).local(ctx);
    }
}
