package dev.ferry.engine;

import dev.ferry.step.Redacted;
import dev.ferry.step.Reversibility;
import dev.ferry.step.Action;
import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.state.JournalEntry;
import dev.ferry.state.StateBackend;
import dev.ferry.state.StepRecord;
import dev.ferry.state.StepStatus;
import dev.ferry.plan.Edge;
import dev.ferry.step.HttpProbe;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Applies the plan's remaining steps in order, under the plan's lock, checkpointing after every action. */
public final class Runner {
    private final Migration migration;
    private final Operator operator;
    private final List<RunSummary.StepTime> times = new ArrayList<>();
    private HttpProbe probe;
    private Duration probePeriod = Duration.ofSeconds(1);
    private RunSummary summary;

    public Runner(Migration migration, Operator operator) {
        this.migration = migration;
        this.operator = operator;
    }

    /**
     * Measures the app's downtime during the run by requesting the plan's edge URL ({@code https://domain/healthPath})
     * through {@code probe} every {@code period}; without an edge in the plan nothing is measured.
     */
    public Runner measuringDowntime(HttpProbe probe, Duration period) {
        this.probe = probe;
        this.probePeriod = period;
        return this;
    }

    /** The summary of the last {@link #run} (also after a failure); null before. */
    public RunSummary summary() {
        return summary;
    }

    /** What a run ended with. */
    public enum Outcome { COMPLETED, PAUSED, QUIT }

    /**
     * Runs from the first step that is not done. {@code resume} requires existing state; {@code until} pauses after
     * that step so the rest can run in the next maintenance window.
     */
    public Outcome run(boolean resume, Optional<String> until) {
        until.ifPresent(this::requirePlanned);
        if (resume && !migration.hasState()) {
            throw new FerryException(ErrorCode.INVALID_INPUT, "nothing to resume: no state at "
                    + migration.stateBackend().location() + "; start the migration with `ferry run PLAN`");
        }
        Instant started = migration.clock().instant();
        String outcome = "failed";
        Downtime downtime = startDowntime();
        try (StateBackend.Lease lock = migration.stateBackend().lock(migration.clock());
             RunContext context = new RunContext(migration)) {
            StateConsistency.check(migration);
            migration.journal(JournalEntry.RUN_STARTED, null, null, null, null, (resume ? "resume" : "run") + " by lock "
                    + lock.holder().id());
            if (migration.state().pausedAfter() != null) {
                migration.say("resuming after pause at " + migration.state().pausedAfter());
                migration.checkpoint(s -> s.pausedAfter(null));
            }
            Outcome result = steps(context, until);
            outcome = result.name().toLowerCase();
            migration.journal(JournalEntry.RUN_FINISHED, null, null, null, null, outcome);
            return result;
        } finally {
            if (downtime != null) {
                downtime.close();
            }
            migration.progress().enter(null);
            migration.progress().finish();
            summary = new RunSummary(migration.plan().name(), outcome,
                    Duration.between(started, migration.clock().instant()), List.copyOf(times), downtime == null ? null
                    : new RunSummary.Measured(downtime.url().toString(), downtime.total(), downtime.perStep(),
                            downtime.probes()));
        }
    }

    private Downtime startDowntime() {
        Edge edge = migration.plan().edge();
        if (probe == null || edge == null || edge.domain() == null || edge.domain().isBlank()) {
            return null;
        }
        URI url = URI.create("https://" + edge.domain() + (edge.healthPath() == null ? "/" : edge.healthPath()));
        return new Downtime(url, probe, probePeriod, () -> migration.progress().label().split("/")[0]);
    }

    private Outcome steps(RunContext context, Optional<String> until) {
        for (PlannedStep step : migration.steps()) {
            Optional<StepRecord> record = migration.state().step(step.id());
            if (record.isPresent() && record.get().status().done()) {
                if (until.isPresent() && until.get().equals(step.id())) {
                    return pause(step.id());
                }
                continue;
            }
            refuseUnfinishedRollback(step, record);
            migration.progress().enter(null);
            migration.progress().finish(); // a question must not share its line with the status line
            Decision decision = operator.decide(Previewer.preview(migration, step, migration.state()));
            switch (decision) {
                case QUIT -> { return Outcome.QUIT; }
                case PAUSE -> { return pause(lastDone()); }
                case ROLLBACK -> {
                    new Rollback(migration, operator).rollBackLastIn(context);
                    return Outcome.PAUSED;
                }
                case SKIP -> skip(step);
                case APPLY -> apply(step, context);
            }
            if (until.isPresent() && until.get().equals(step.id())) {
                return pause(step.id());
            }
        }
        migration.say("all " + migration.steps().size() + " steps done");
        return Outcome.COMPLETED;
    }

    private void apply(PlannedStep step, RunContext context) {
        if (step.step().reversibility() == Reversibility.ONE_WAY && !confirmOneWay(step, context)) {
            throw new FerryException(ErrorCode.CONFIRMATION_REQUIRED, "step " + step.id() + " is one-way and was not"
                    + " confirmed; nothing was changed. Type its id when asked, or pass --confirm " + step.id());
        }
        String digest = migration.inputDigest(step);
        migration.progress().enter(step.id());
        migration.say("step " + step.id() + ": " + step.step().title());
        migration.journal(JournalEntry.STEP_STARTED, step.id(), "apply", null, null, null);
        migration.checkpoint(s -> s.withStep(step.id(), s.step(step.id())
                .filter(r -> r.status() == StepStatus.APPLYING || r.status() == StepStatus.FAILED)
                .map(r -> r.withStatus(StepStatus.APPLYING, migration.clock().instant()))
                .orElse(StepRecord.applying(digest, migration.clock().instant()))));
        List<Action> actions = step.step().actions(step.context(migration.plan()));
        Instant started = migration.clock().instant();
        try {
            runActions(step, actions, context);
        } catch (RuntimeException failure) {
            times.add(new RunSummary.StepTime(step.id(), "failed", Duration.between(started, migration.clock().instant())));
            throw failure;
        }
        times.add(new RunSummary.StepTime(step.id(), "applied", Duration.between(started, migration.clock().instant())));
        migration.checkpoint(s -> s.withStep(step.id(), s.step(step.id()).orElseThrow()
                .withStatus(StepStatus.APPLIED, migration.clock().instant())));
        StepRecord done = migration.state().step(step.id()).orElseThrow();
        migration.journal(JournalEntry.STEP_APPLIED, step.id(), "apply", null,
                done.elapsed() == null ? null : done.elapsed().toMillis(), null);
    }

    private void runActions(PlannedStep step, List<Action> actions, RunContext context) {
        try {
            new ActionSequence(migration, context).run(step, actions, false);
        } catch (FerryException failure) {
            if (ActionSequence.changedNothing(actions, migration.state().step(step.id()).orElseThrow())) {
                throw failure;
            }
            throw new Recovery(migration, context).after(step, failure);
        }
    }

    /** Asks with the step's own list of what it will change for good; refuses when that list cannot be read. */
    private boolean confirmOneWay(PlannedStep step, RunContext context) {
        StringBuilder question = new StringBuilder("step " + step.id() + " is ONE-WAY: it cannot be rolled back.");
        try {
            context.enterStep(step.id());
            step.step().oneWayDetails(step.context(migration.plan()), context)
                    .forEach(line -> question.append("\n  ").append(line));
        } catch (RuntimeException e) {
            throw FerryException.advised(ErrorCode.PREFLIGHT_FAILED, "step " + step.id() + " is one-way, and what it"
                    + " would change could not be read, so it was not offered for confirmation; nothing was changed: "
                    + Redacted.urls(String.valueOf(e.getMessage())));
        }
        if (operator instanceof ScriptedOperator) {
            // no prompt shows it, so the log of a scripted run still says what was confirmed
            migration.say(question.toString());
        }
        return operator.confirm(question.toString(), step.id());
    }

    private void skip(PlannedStep step) {
        migration.say("step " + step.id() + ": skipped by the operator");
        migration.checkpoint(s -> s.withStep(step.id(), new StepRecord(StepStatus.SKIPPED, null,
                migration.clock().instant(), migration.clock().instant(), null, null, null, null)));
        migration.journal(JournalEntry.STEP_SKIPPED, step.id(), null, null, null, null);
        times.add(new RunSummary.StepTime(step.id(), "skipped", Duration.ZERO));
    }

    private Outcome pause(String afterStep) {
        migration.checkpoint(s -> s.pausedAfter(afterStep == null ? "start" : afterStep));
        migration.journal(JournalEntry.PAUSED, afterStep, null, null, null, null);
        migration.say("paused" + (afterStep == null ? "" : " after " + afterStep)
                + "; continue in the next window with `ferry resume PLAN`");
        return Outcome.PAUSED;
    }

    private String lastDone() {
        String last = null;
        for (PlannedStep step : migration.steps()) {
            if (migration.state().step(step.id()).map(r -> r.status().done()).orElse(false)) {
                last = step.id();
            }
        }
        return last;
    }

    private void refuseUnfinishedRollback(PlannedStep step, Optional<StepRecord> record) {
        if (record.isPresent() && (record.get().status() == StepStatus.ROLLING_BACK
                || record.get().status() == StepStatus.ROLLBACK_FAILED)) {
            throw new FerryException(ErrorCode.STATE_CONFLICT, "the rollback of " + step.id() + " did not finish ("
                    + record.get().status().name().toLowerCase() + (record.get().error() == null ? "" : ": "
                    + record.get().error()) + "); finish it with `ferry rollback PLAN --to " + step.id() + "` (finished"
                    + " undo actions are not repeated), or, if you have undone the step by hand (runbooks/" + step.id()
                    + ".md), record that with `ferry rollback PLAN --undone-by-hand " + step.id() + "`; then run again");
        }
    }

    private void requirePlanned(String id) {
        if (migration.steps().stream().noneMatch(s -> s.id().equals(id))) {
            throw new FerryException(ErrorCode.INVALID_INPUT, "--until " + id + ": no such step in plan "
                    + migration.plan().name() + "; the steps are " + migration.steps().stream().map(PlannedStep::id).toList());
        }
    }
}
