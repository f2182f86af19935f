package dev.ferry.engine;

import dev.ferry.step.Reversibility;
import dev.ferry.step.StepContext;
import dev.ferry.step.Step;
import dev.ferry.step.Effect;
import dev.ferry.step.ActionContext;
import dev.ferry.step.Action;
import dev.ferry.plan.Plan;
import dev.ferry.plan.StepSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A scripted world for engine tests: steps whose actions add a fact to the world if it is missing (idempotent, like
 * real actions) and remove it on rollback. Counts how often each fact was actually added, so "exactly once" is checkable,
 * and can crash (an Error, like a kill) before or after an action's effect.
 */
final class ScriptedWorld {
    final Map<String, Integer> applied = new ConcurrentHashMap<>();
    final List<String> present = Collections.synchronizedList(new ArrayList<>());
    final List<String> order = Collections.synchronizedList(new ArrayList<>());
    String crashBefore;
    String crashAfter;
    String failAt;
    /** What the action at {@link #failAt} throws; a plain IllegalStateException when null. */
    RuntimeException failWith;
    String refuseUndo;
    /** What the undo at {@link #refuseUndo} throws; a CONFIRMATION_REQUIRED refusal when null. */
    RuntimeException refuseUndoWith;
    /** When set, each step starts with a read-only action "check"; failing it ({@code failAt = "two/check"}) changes nothing. */
    boolean leadingCheck;
    /** When set, this fact's action persists an output at once and then fails. */
    String persistThenFailAt;
    /** When set, this fact's action also records this many outputs at once from as many threads (like provision). */
    String recordInParallelAt;
    int parallelRecords;

    static final class Crash extends Error {
        Crash(String where) {
            super("simulated crash " + where);
        }
    }

    StepSpec spec(String id, String input) {
        return new StepSpec(id, StepSpec.StepKind.BUILTIN, Map.of("input", input), List.of());
    }

    Plan plan(String name, StepSpec... specs) {
        return new Plan(name, null, null, null, null, List.of(specs));
    }

    List<PlannedStep> bind(Plan plan, Reversibility reversibility, int actionsPerStep) {
        List<PlannedStep> steps = new ArrayList<>();
        for (StepSpec spec : plan.steps()) {
            steps.add(new PlannedStep(spec, new ScriptedStep(spec.id(), reversibility, actionsPerStep)));
        }
        return steps;
    }

    final class ScriptedStep implements Step {
        private final String id;
        private final Reversibility reversibility;
        private final int count;

        ScriptedStep(String id, Reversibility reversibility, int count) {
            this.id = id;
            this.reversibility = reversibility;
            this.count = count;
        }

        @Override public String id() { return id; }
        @Override public String title() { return "scripted " + id; }
        @Override public Reversibility reversibility() { return reversibility; }
        @Override public boolean downtime() { return false; }

        @Override
        public List<Action> actions(StepContext context) {
            List<Action> actions = new ArrayList<>();
            if (leadingCheck) {
                actions.add(new Action("check", "look at " + id, List.of(Effect.check(id)), ctx -> {
                    order.add("check " + id);
                    if ((id + "/check").equals(failAt)) {
                        throw new IllegalStateException("the check of " + id + " failed");
                    }
                }));
            }
            for (int i = 1; i <= count; i++) {
                String fact = id + "/a" + i;
                actions.add(new Action("a" + i, "add " + fact, List.of(Effect.local(fact)), ctx -> add(fact, ctx)));
            }
            return actions;
        }

        @Override
        public List<Action> rollbackActions(StepContext context) {
            if (reversibility == Reversibility.ONE_WAY) {
                return List.of();
            }
            List<Action> undo = new ArrayList<>();
            for (int i = count; i >= 1; i--) {
                String fact = id + "/a" + i;
                undo.add(new Action("undo-a" + i, "remove " + fact, List.of(Effect.local(fact)), ctx -> {
                    if (fact.equals(refuseUndo)) {
                        throw refuseUndoWith != null ? refuseUndoWith
                                : new dev.ferry.FerryException(dev.ferry.ErrorCode.CONFIRMATION_REQUIRED, "refused " + fact);
                    }
                    order.add("undo " + fact);
                    present.remove(fact);
                }).undoing("a" + i));
            }
            return undo;
        }

        @Override
        public List<Action> recoveryActions(StepContext context, String failedAction) {
            return List.of(new Action("restart", "restart after " + failedAction, List.of(),
                    ctx -> order.add("recover " + id + " after " + failedAction)));
        }

        @Override
        public Object planInput(StepContext context) {
            return new LinkedHashMap<>(context.spec().options());
        }
    }

    private void add(String fact, ActionContext ctx) {
        if (fact.equals(crashBefore)) {
            throw new Crash("before " + fact);
        }
        if (fact.equals(failAt)) {
            throw failWith != null ? failWith : new IllegalStateException("the world refused " + fact);
        }
        if (fact.equals(persistThenFailAt)) {
            ctx.persist("backupOf" + fact.replace("/", ""), "/backups/" + fact);
            ctx.record("recordedOnly", "x");  // recorded, not persisted: kept all the same, since the action failed (no crash)
            throw new IllegalStateException("failed after persisting at " + fact);
        }
        if (!present.contains(fact)) {
            present.add(fact);
            applied.merge(fact, 1, Integer::sum);
            order.add(fact);
            ctx.record(fact.replace('/', '.'), "ok");
        }
        if (fact.equals(recordInParallelAt)) {
            recordFromThreads(ctx);
        }
        if (fact.equals(crashAfter)) {
            throw new Crash("after " + fact);
        }
    }

    private void recordFromThreads(ActionContext ctx) {
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = thread; i < parallelRecords; i += 8) {
                    ctx.record("parallel." + i, "v" + i);
                    ctx.outputs();
                }
            });
            worker.start();
            threads.add(worker);
        }
        start.countDown();
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
