package dev.ferry.steps;

import dev.ferry.Failures;
import dev.ferry.database.SnapshotComparison;
import dev.ferry.step.Action;
import dev.ferry.step.ActionContext;
import dev.ferry.step.DatabasePorts.Snapshot;
import dev.ferry.step.Effect;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * move-database's verify-copy: the local database and RDS compared table by table before anything points at RDS, and
 * RDS's snapshot kept as the rollback's baseline. Where the two sides come from is the method's: read whole after a
 * dump, from the live digests and what changed since after a replication.
 */
final class CopyVerification {
    private static final String ID = MoveDatabase.ID;

    private CopyVerification() {
    }

    /** Both sides to compare: the local database's snapshot, then RDS's. */
    interface Sides {
        Snapshot[] take(ActionContext ctx);
    }

    /** Every table read whole on both sides. */
    static Sides wholeSides(MoveSettings s) {
        return ctx -> new Snapshot[] {ctx.database().snapshot(s.local(ctx)), ctx.database().snapshot(s.rds(ctx))};
    }

    static Effect wholePreview(MoveSettings s) {
        return Effect.check(what(s) + " of every table: local " + s.service() + " (<container address>) = RDS <rds"
                + " endpoint>, both read through SSH tunnels via the host");
    }

    static String what(MoveSettings s) {
        return s.checksums() ? "row counts, sequence values and checksums" : "row counts and sequence values";
    }

    static Action action(MoveDatabase step, MoveSettings s, List<Effect> how, Sides sides) {
        List<Effect> effects = new ArrayList<>();
        effects.add(Effect.check(s.containerAddress(s.host().preview())));
        effects.addAll(how);
        effects.add(Effect.edit("state: RDS's full snapshot (names, counts, sequence values, row digests; no data) as"
                + " the rollback's baseline"));
        return new Action("verify-copy", "compare " + what(s) + " of every table; keep RDS's snapshot for a rollback",
                effects,
                ctx -> {
                    if (Baseline.present(ctx, ID)) {
                        ctx.progress("copy already verified");
                        return;
                    }
                    Snapshot after;
                    try {
                        Snapshot[] both = sides.take(ctx);
                        Snapshot before = both[0];
                        after = both[1];
                        List<String> differences = SnapshotComparison.compare(s.checksums() ? before
                                : withoutChecksums(before), after);
                        if (!differences.isEmpty()) {
                            throw Failures.stepWithNextAction("RDS differs from the local database after the copy:" + summary(differences),
                                    "Run the step again (the copy starts over)");
                        }
                    } catch (RuntimeException e) {
                        throw step.restartOnLocal(ctx, s, e.getMessage());
                    }
                    Baseline.save(ctx, ID, after);
                    ctx.progress("verified " + after.rowCounts().size() + " tables and " + after.sequences().size()
                            + " sequences on RDS");
                });
    }

    private static Snapshot withoutChecksums(Snapshot s) {
        return new Snapshot(s.serverVersion(), s.rowCounts(), s.sequences(), Map.of(), s.sequencesCalled());
    }

    static String summary(List<String> lines) {
        List<String> head = lines.stream().limit(10).toList();
        String more = lines.size() > head.size() ? "\n  … and " + (lines.size() - head.size()) + " more" : "";
        return "\n  " + String.join("\n  ", head) + more;
    }
}
