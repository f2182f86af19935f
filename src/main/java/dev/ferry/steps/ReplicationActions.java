package dev.ferry.steps;

import dev.ferry.Failures;
import dev.ferry.database.Libpq;
import dev.ferry.plan.ReplicationSource;
import dev.ferry.plan.StepIds;
import dev.ferry.step.Action;
import dev.ferry.step.ActionContext;
import dev.ferry.step.DatabasePorts.ConnectionSpec;
import dev.ferry.step.DatabasePorts.Snapshot;
import dev.ferry.step.Effect;
import dev.ferry.step.LiveDigests;
import dev.ferry.step.ReplicationPorts;
import dev.ferry.step.ReplicationPorts.Names;
import dev.ferry.step.ReplicationPorts.Readiness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The actions move-database adds for {@code method: replicate}: check the source can publish, start a subscription on
 * RDS that copies while the app keeps writing, wait for the initial copy, and once the writers are stopped wait for the
 * catch-up (LSN equality), copy the sequences, and after the verification drop the publication, subscription and slot.
 */
final class ReplicationActions {
    static final String START = "start-replication";
    static final Duration INITIAL_COPY_TIMEOUT = Duration.ofHours(24);

    private final MoveSettings s;
    private final Names names;
    /**
     * The local database's address, looked up (docker inspect on the host) at the end of the initial copy and reused
     * by the actions of the writers-stopped window in this run: each lookup costs seconds while the app is down, and
     * stopping the app's containers does not move the database's. A resumed run looks it up again.
     */
    private volatile ConnectionSpec stoppedLocal;
    /** The live half of the verification, kept for the writers-stopped half of this run; null in a resumed run. */
    private volatile LiveDigests live;

    ReplicationActions(MoveSettings settings) {
        this.s = settings;
        this.names = Names.forPlan(settings.plan().name());
    }

    Names names() {
        return names;
    }

    Action check() {
        return new Action("check-replication", "the local database can publish every table by logical replication",
                List.of(Effect.check("on the local database: wal_level = logical, free max_replication_slots and"
                        + " max_wal_senders (3 each), the user may replicate, every table has a primary key"
                        + " or a replica identity")),
                ctx -> {
                    if (ctx.output(MoveSettings.ID, "replicationStartedAt").isPresent()) {
                        ctx.progress("replication already started");
                        return;
                    }
                    Readiness readiness = ctx.database().replication().readiness(s.local(ctx));
                    if (!readiness.ready()) {
                        throw Failures.preflight(refusal(readiness), nextAction(readiness,
                                s.plan().step(StepIds.UPGRADE_LOCAL_POSTGRES).isPresent()));
                    }
                    ctx.progress("the local database can publish all tables");
                });
    }

    static String refusal(Readiness readiness) {
        return "move-database.method: replicate (in the plan's steps) needs logical replication from the local"
                + " database, which is not ready; nothing was changed:\n  - " + String.join("\n  - ", readiness.problems());
    }

    static String nextAction(Readiness readiness, boolean planUpgrades) {
        String keys = readiness.tablesWithoutKey().isEmpty() ? "" : "add a primary key (or ALTER TABLE ... REPLICA"
                + " IDENTITY FULL) to each table named; ";
        // the keyless tables are one problem among the others; any other is a setting or the role
        boolean settings = readiness.problems().size() > (readiness.tablesWithoutKey().isEmpty() ? 0 : 1);
        String how = planUpgrades ? "apply upgrade-local-postgres, which sets wal_level=logical, max_replication_slots"
                + " and max_wal_senders on the compose postgres; " : "start the compose postgres with `command: postgres"
                + " -c wal_level=logical -c max_replication_slots=10 -c max_wal_senders=10` (or add"
                + " upgrade-local-postgres to the plan, which does that); ";
        return "Fix them (" + keys + (settings ? how : "")
                + "`ferry doctor` lists what is missing), or set move-database.method: stream";
    }

    /** The schema only (pre- and post-data), restored with --clean: a new subscription copies into empty tables. */
    Action copySchema(MoveDatabase step) {
        return new Action("copy-schema", "copy the schema (tables, indexes, constraints; no rows) to RDS, on the host",
                List.of(Effect.check("RDS: does subscription " + names.subscription() + " exist? then the schema is"
                                + " there and its copy running: skip"),
                        Effect.remote("pg_dump -Fc --schema-only | pg_restore --clean --if-exists --no-owner --no-acl"
                                + " --no-publications --no-subscriptions  # with the client of RDS's major, on the host")),
                ctx -> {
                    if (ctx.database().replication().status(s.local(ctx), s.rds(ctx), names).subscription()) {
                        ctx.progress("subscription " + names.subscription() + " exists: schema already copied");
                        return;
                    }
                    try {
                        step.runCopy(ctx, s);
                    } catch (RuntimeException e) {
                        throw step.restartOnLocal(ctx, s, e.getMessage());
                    }
                });
    }

    Action start() {
        ConnectionSpec shown = new ConnectionSpec("<" + (s.replicationSource() == null ? "container address"
                : s.replicationSource()) + ">", 5432, "<database>", "<user>", null);
        return new Action(START, "publish all tables on the local database and subscribe RDS to them (initial copy"
                + " while the app keeps writing)",
                List.of(Effect.remote("local: CREATE PUBLICATION " + names.publication() + " FOR ALL TABLES  # if missing"),
                        Effect.remote("RDS: CREATE SUBSCRIPTION " + names.subscription() + " CONNECTION '"
                                + Libpq.subscriptionPreview(shown) + "' PUBLICATION " + names.publication()
                                + " WITH (slot_name = '" + names.slot() + "', copy_data = true)  # if missing")),
                ctx -> {
                    ReplicationPorts replication = ctx.database().replication();
                    replication.start(s.local(ctx), s.rds(ctx), publisher(ctx), names);
                    ctx.record("replicationStartedAt", Instant.now().toString());
                    ctx.progress("RDS subscribes to " + names.publication() + " as " + names.subscription());
                });
    }

    private ConnectionSpec local(ActionContext ctx) {
        ConnectionSpec known = stoppedLocal;
        return known != null ? known : s.local(ctx);
    }

    /** The local database as RDS reaches it: replicationSource when set, else the address the host reaches it at. */
    private ConnectionSpec publisher(ActionContext ctx) {
        ConnectionSpec local = s.local(ctx);
        String source = s.replicationSource();
        if (source == null) {
            return local;
        }
        ReplicationSource at = ReplicationSource.parse(source);
        return new ConnectionSpec(at.address(), at.port(), local.database(), local.user(), local.password());
    }

    Action awaitInitialCopy() {
        return new Action("await-initial-copy", "wait until RDS has copied every table (the app keeps running)",
                List.of(Effect.await("RDS: every table of " + names.subscription() + " in state 'r' (ready) in"
                        + " pg_subscription_rel"), Effect.await("local: the slot " + names.slot() + " confirmed the WAL"
                        + " position of the moment the copy ended (the writes made during the copy are applied)")),
                ctx -> {
                    ReplicationPorts replication = ctx.database().replication();
                    var status = replication.awaitInitialCopy(s.rds(ctx), names, INITIAL_COPY_TIMEOUT, ctx::progress);
                    ctx.progress("initial copy done: " + status.tables() + " tables");
                    // What the app wrote during the copy is applied now, while it still runs: the catch-up with the
                    // writers stopped then has only the last seconds' writes to apply.
                    ConnectionSpec local = s.local(ctx);
                    String lsn = replication.awaitCaughtUp(local, names, INITIAL_COPY_TIMEOUT, ctx::progress);
                    stoppedLocal = local;
                    ctx.progress("RDS applied the writes made during the copy (up to " + lsn + ")");
                });
    }

    Action verifyLive() {
        return new Action("verify-live", "digest both databases by key ranges while the app still writes, and track"
                + " its changes from there (the writers-stopped verification then reads only what changed)",
                List.of(Effect.remote("local: pg_create_logical_replication_slot('" + names.verifySlot() + "',"
                                + " 'test_decoding')  # a leftover one is dropped first"),
                        Effect.await("RDS: applied the local WAL up to that slot's start"),
                        Effect.check("row counts and digests of every table in buckets of ~100 keys, local and RDS")),
                ctx -> {
                    live = ctx.database().replication().verifyLive(local(ctx), s.rds(ctx), names,
                            INITIAL_COPY_TIMEOUT, ctx::progress).orElse(null);
                    if (live != null) {
                        ctx.record("liveVerificationFrom", live.fromLsn());
                    }
                });
    }

    List<Effect> cutoverPreview() {
        return List.of(Effect.check(CopyVerification.what(s) + " of every table, local " + s.service() + " = RDS: the"
                + " buckets changed since verify-live (read from the slot " + names.verifySlot() + ") or differing then"
                + " are digested again on both sides; every table whole when verify-live ran in an earlier run"));
    }

    /** Both sides for verify-copy: from the live digests plus what changed since, or full snapshots without them. */
    Snapshot[] cutoverSnapshots(ActionContext ctx) {
        ConnectionSpec local = local(ctx);
        LiveDigests known = live;
        if (known == null) {
            ctx.progress("no live verification in this run: verifying every table whole");
        } else {
            var cutover = ctx.database().replication().verifyAtCutover(local, s.rds(ctx), names, known, ctx::progress);
            if (cutover.isPresent()) {
                ctx.progress(cutover.get().changes() + " changes since verify-live's last pass; " + cutover.get().bucketsRead()
                        + " buckets read again, " + cutover.get().tablesReadWhole() + " tables whole");
                return new Snapshot[] {cutover.get().source(), cutover.get().target()};
            }
        }
        return new Snapshot[] {ctx.database().snapshot(local), ctx.database().snapshot(s.rds(ctx))};
    }

    Action catchUp(MoveDatabase step) {
        return new Action("catch-up", "with the writers stopped, wait until RDS confirmed the source's last WAL position",
                List.of(Effect.await("local: pg_current_wal_lsn() <= the slot " + names.slot() + "'s confirmed_flush_lsn"
                        + " (or its walsender's replay_lsn); at most " + s.catchUpTimeout().toSeconds() + " s")),
                ctx -> {
                    long started = System.nanoTime();
                    try {
                        String lsn = ctx.database().replication().awaitCaughtUp(local(ctx), names,
                                s.catchUpTimeout(), ctx::progress);
                        ctx.record("caughtUpLsn", lsn);
                    } catch (RuntimeException e) {
                        throw step.restartOnLocal(ctx, s, e.getMessage());
                    }
                    ctx.progress("RDS caught up in " + (System.nanoTime() - started) / 1_000_000 + " ms");
                });
    }

    Action copySequences(MoveDatabase step) {
        return new Action("copy-sequences", "set every sequence on RDS to its local value (replication does not carry them)",
                List.of(Effect.remote("RDS: select setval(sequence, last_value, is_called) for each local sequence")),
                ctx -> {
                    try {
                        int n = ctx.database().replication().copySequences(local(ctx), s.rds(ctx));
                        ctx.progress("copied " + n + " sequence values");
                    } catch (RuntimeException e) {
                        throw step.restartOnLocal(ctx, s, e.getMessage());
                    }
                });
    }

    /**
     * Forward (after the verification) and in a rollback: a slot left behind keeps WAL on the host until its disk fills.
     * A rollback then revokes ferry's rule in the host's security group too; forward, close-replication-path does,
     * after the app is back, so those AWS calls are not in the downtime.
     */
    Action stop(String name, boolean rollback) {
        ReplicationPath path = new ReplicationPath(s);
        List<Effect> effects = new ArrayList<>(List.of(Effect.remote("RDS: ALTER SUBSCRIPTION " + names.subscription()
                        + " DISABLE, SET (slot_name = NONE); DROP SUBSCRIPTION  # if it exists"),
                Effect.remote("local: pg_drop_replication_slot('" + names.slot() + "') and its initial-copy"
                        + " slots; DROP PUBLICATION " + names.publication() + "  # whichever exist")));
        if (rollback) {
            effects.addAll(path.revokeEffects());
        }
        return new Action(name, "drop the subscription (RDS), its slots and the publication (local)" + (rollback
                ? ", then ferry's rule in the host's security group" : ""), effects,
                ctx -> {
                    if (rollback && ctx.output(MoveSettings.ID, "replicationDroppedAt").isPresent()) {
                        ctx.progress("replication already dropped");
                    } else {
                        List<String> dropped = ctx.database().replication().drop(rollback ? s.local(ctx) : local(ctx),
                                s.rds(ctx), names);
                        ctx.record("replicationDroppedAt", Instant.now().toString());
                        ctx.progress(dropped.isEmpty() ? "no replication objects left"
                                : "dropped " + String.join(", ", dropped));
                    }
                    if (rollback) {
                        path.revoke(ctx);
                    }
                });
    }
}
