package dev.ferry.steps;

import dev.ferry.host.ComposeCommands;
import dev.ferry.host.HostCommands;
import dev.ferry.host.RemoteTimeouts;
import dev.ferry.plan.Plan;
import dev.ferry.plan.StepIds;
import dev.ferry.step.Action;
import dev.ferry.step.ActionContext;
import dev.ferry.step.Effect;
import dev.ferry.step.RemoteShell.CommandResult;
import dev.ferry.step.RemoteShell.RemoteCommand;
import dev.ferry.step.ReplicationPorts.Names;
import dev.ferry.step.StepContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * decommission's last word on a replicate plan: ferry's own slot and publication on the compose postgres, if a crash
 * or a failed rollback left them (a slot keeps WAL on the host's disk until it fills), and ferry's own rule in the
 * host's security group (see {@link ReplicationPath}). Names come from the plan, so
 * another plan's are never touched. Read first, dropped with psql in the container; a stopped postgres is started for
 * it and stopped again.
 */
final class LeftoverReplication {
    private static final Duration READY = Duration.ofMinutes(2);
    private static final int DROP_ATTEMPTS = 20;

    private final Plan plan;
    private final HostActions host;
    private final Names names;
    private final MoveSettings move;

    LeftoverReplication(Plan plan, HostActions host) {
        this.plan = plan;
        this.host = host;
        this.names = Names.forPlan(plan.name());
        this.move = new MoveSettings(new StepContext(plan, plan.step(StepIds.MOVE_DATABASE).orElseThrow()));
    }

    /** Null unless move-database replicates. */
    static Action forPlan(Plan plan, HostActions host) {
        boolean replicates = plan.step(StepIds.MOVE_DATABASE)
                .map(spec -> new MoveSettings(new StepContext(plan, spec)).mayReplicate()).orElse(false);
        return replicates ? new LeftoverReplication(plan, host).action() : null;
    }

    Action action() {
        String service = move.service();
        ReplicationPath path = new ReplicationPath(move);
        List<Effect> effects = new ArrayList<>(List.of(Effect.check("psql in " + service + ": slots " + names.slot()
                        + ", " + names.verifySlot() + " in pg_replication_slots, publication " + names.publication()
                        + " in pg_publication (this plan's only)"),
                Effect.remote("psql in " + service + ": pg_drop_replication_slot(each of them); DROP PUBLICATION "
                        + names.publication() + "  # whichever remain; " + service + " is started for it if stopped,"
                        + " then stopped again")));
        effects.addAll(path.revokeEffects());
        return new Action("drop-replication-leftovers", "drop this plan's replication slot and publication on the local"
                + " postgres, if any remain (a slot left behind fills the host's disk), and this plan's rule in the"
                + " host's security group", effects, ctx -> {
                    run(ctx);
                    path.revoke(ctx);
                });
    }

    private void run(ActionContext ctx) {
        ComposeCommands cc = host.compose(ctx);
        String service = move.service();
        boolean running = HostCommands.runningServices(ctx, cc).contains(service);
        if (!running && !start(ctx, cc, service)) {
            return;
        }
        try {
            PostgresCommands pg = new PostgresCommands(cc, service);
            String database = move.localUrl(ctx).database();
            String found = HostCommands.require(ctx, pg.query(database, "select 'slot ' || slot_name from"
                    + " pg_replication_slots where slot_name in ('" + names.slot() + "', '" + names.verifySlot() + "')"
                    + " union all select 'publication ' || pubname from pg_publication where pubname = '"
                    + names.publication() + "'"), "Check that " + service + " runs");
            if (found.isBlank()) {
                ctx.progress("no replication slot or publication of this plan on the local postgres");
                return;
            }
            List<String> objects = found.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
            for (String slot : List.of(names.slot(), names.verifySlot())) {
                if (objects.contains("slot " + slot)) {
                    dropSlot(ctx, pg, database, slot);
                }
            }
            if (objects.contains("publication " + names.publication())) {
                HostCommands.require(ctx, pg.query(database, "DROP PUBLICATION IF EXISTS \"" + names.publication()
                        + "\""), "Drop it by hand: DROP PUBLICATION " + names.publication());
            }
            ctx.record("replicationLeftoversDropped", objects.toString());
            ctx.progress("dropped " + objects);
        } finally {
            if (!running) {
                HostCommands.require(ctx, RemoteTimeouts.slow(cc.stop(List.of(service)), null),
                        "Stop it by hand: `" + host.preview().stop(List.of(service)) + "`");
            }
        }
    }

    /** A walsender may hold the slot (a subscription still enabled somewhere): end it, then drop, a few times over. */
    private void dropSlot(ActionContext ctx, PostgresCommands pg, String database, String slot) {
        String where = " from pg_replication_slots where slot_name = '" + slot + "'";
        String terminate = pg.query(database, "select pg_terminate_backend(active_pid)" + where
                + " and active_pid is not null");
        String drop = pg.query(database, "select pg_drop_replication_slot(slot_name)" + where);
        for (int attempt = 1; attempt < DROP_ATTEMPTS; attempt++) {
            HostCommands.run(ctx, RemoteCommand.of(terminate, Duration.ofSeconds(30)));
            if (HostCommands.run(ctx, RemoteCommand.of(drop, Duration.ofSeconds(30))).ok()) {
                return;
            }
            pause();
        }
        HostCommands.require(ctx, drop, "Drop it by hand: select pg_drop_replication_slot('" + slot + "')");
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean start(ActionContext ctx, ComposeCommands cc, String service) {
        CommandResult started = HostCommands.run(ctx, RemoteTimeouts.slow(cc.start(List.of(service)), null));
        if (!started.ok()) {
            ctx.progress(service + " is stopped and does not start (" + HostCommands.lastLine(started).replaceFirst(
                    "^: ", "") + "), so this plan's slot, if a crash left one, stays in its data directory, holding no"
                    + " WAL while it is stopped");
            return false;
        }
        PostgresCommands pg = new PostgresCommands(cc, service);
        Poll.until(READY, Duration.ofSeconds(1), () -> HostCommands.run(ctx, RemoteCommand.of(pg.ready(),
                Duration.ofSeconds(30))).ok());
        return true;
    }
}
