package dev.ferry.steps;

import dev.ferry.database.DumpChoice;
import dev.ferry.plan.StepIds;
import dev.ferry.step.Action;
import dev.ferry.step.ActionContext;
import dev.ferry.step.Effect;
import dev.ferry.step.ReplicationPorts.Readiness;
import java.util.List;

/**
 * move-database {@code method: auto} with a {@code replicationSource}: replicate when the local database allows it at
 * the move, else a dump (copy-data picks which, {@link DumpChoice}). The choice is made by the run, not by the
 * plan's preview, because it rests on the source as it is when the move starts (a table created since the preview may
 * lack a key; upgrade-local-postgres may have set logical WAL since), and a preview never reads the world. It is
 * recorded in state before anything changes, so a resume or a rollback acts on the same method; the action list of
 * {@code auto} holds both methods' actions, each running only for its own method.
 */
final class MethodChoice {
    static final String ID = StepIds.MOVE_DATABASE;
    static final String CHOSEN = "chosenMethod";
    static final String BECAUSE = "chosenBecause";
    static final String REPLICATE = "replicate";
    static final String DUMP = "dump";
    private static final int SHOWN_PROBLEMS = 3;

    private final MoveSettings s;

    MethodChoice(MoveSettings settings) {
        this.s = settings;
    }

    /** Both methods' actions, each running only for the method choose-method recorded. */
    List<Action> actions(MoveDatabase step, List<String> writers) {
        HostActions host = s.host();
        ReplicationActions replication = new ReplicationActions(s);
        return List.of(
                step.checkDatabases(s),
                choose(),
                only(REPLICATE, replication.check()),
                only(REPLICATE, replication.copySchema(step)),
                only(REPLICATE, new ReplicationPath(s).open()),
                only(REPLICATE, replication.start()),
                only(REPLICATE, replication.awaitInitialCopy()),
                only(REPLICATE, replication.verifyLive()),
                host.stop("stop-writers", writers, "stoppedWriters", null),
                only(REPLICATE, replication.catchUp(step)),
                only(REPLICATE, replication.copySequences(step)),
                only(DUMP, step.copyData(s)),
                CopyVerification.action(step, s, List.of(CopyVerification.wholePreview(s)), ctx -> replicating(ctx, s)
                        ? replication.cutoverSnapshots(ctx) : CopyVerification.wholeSides(s).take(ctx)),
                only(REPLICATE, replication.stop("stop-replication", false)),
                host.setEnv("repoint-env", s.urlKey(), s.rdsUrlPreview(), s::rdsUrlText),
                host.removeService("remove-postgres-service", s.service()),
                host.recreate("recreate-containers", writers, List.of("stoppedWriters"), List.of(s.service())),
                only(REPLICATE, new ReplicationPath(s).close()));
    }

    Action choose() {
        boolean upgrades = s.plan().step(StepIds.UPGRADE_LOCAL_POSTGRES).isPresent();
        return new Action("choose-method", "method auto: replicate if the local database allows it, else a dump",
                List.of(Effect.check("the local database through an SSH tunnel via the host: wal_level logical"
                                + (upgrades ? " (upgrade-local-postgres sets it in this plan)" : "") + ", "
                                + "3 free replication slots and WAL senders, the user may replicate, every table has a"
                                + " primary key or replica identity"),
                        Effect.edit("state: the choice and why — replicate if all of that holds, else a dump (copy-data"
                                + " picks which: " + DumpChoice.rule(s.workDirectory()) + "); a resume or rollback keeps it")),
                ctx -> {
                    if (ctx.output(ID, CHOSEN).isPresent()) {
                        ctx.progress("method auto already chose " + ctx.output(ID, CHOSEN).get() + ": "
                                + ctx.output(ID, BECAUSE).orElse(""));
                        return;
                    }
                    Readiness readiness = ctx.database().replication().readiness(s.local(ctx));
                    String chosen = readiness.ready() ? REPLICATE : DUMP;
                    String because = because(readiness);
                    ctx.record(CHOSEN, chosen);
                    ctx.record(BECAUSE, because);
                    ctx.progress("method auto chose " + (readiness.ready() ? "replicate" : "a dump (copy-data picks"
                            + " which by the tables' shape and the disk's room)") + ": " + because);
                });
    }

    static String because(Readiness readiness) {
        if (readiness.ready()) {
            return "the local database allows logical replication (wal_level logical, slots and WAL senders free, the"
                    + " user may replicate, every table has a primary key or replica identity)";
        }
        List<String> problems = readiness.problems();
        String shown = String.join("; ", problems.subList(0, Math.min(SHOWN_PROBLEMS, problems.size())))
                + (problems.size() > SHOWN_PROBLEMS ? "; and " + (problems.size() - SHOWN_PROBLEMS) + " more" : "");
        return "the local database does not allow logical replication: " + shown;
    }

    /** True when this move replicates: the plan says replicate, or auto chose it (recorded by choose-method). */
    static boolean replicating(ActionContext ctx, MoveSettings s) {
        return s.replicates() || REPLICATE.equals(ctx.output(ID, CHOSEN).orElse(null));
    }

    /** {@code action}, run only when the recorded choice is {@code method}; otherwise it says so and changes nothing. */
    static Action only(String method, Action action) {
        String when = " (only if method auto chose " + method + ")";
        return new Action(action.name(), action.summary() + when, action.effects(), ctx -> {
            String chosen = ctx.output(ID, CHOSEN).orElse("");
            if (chosen.equals(method)) {
                action.body().run(ctx);
            } else {
                ctx.progress("not needed: method auto chose " + (chosen.isEmpty() ? "nothing yet" : chosen));
            }
        }, action.undoes());
    }
}
