package dev.ferry.engine;

import dev.ferry.step.Adapters;
import dev.ferry.step.Redacted;
import dev.ferry.plan.Plan;
import dev.ferry.state.Journal;
import dev.ferry.state.JournalEntry;
import dev.ferry.state.LocalStateBackend;
import dev.ferry.state.StateBackend;
import dev.ferry.state.RunState;
import dev.ferry.state.StateStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * One plan bound to its state (a {@link StateBackend}) for the length of a command: the plan, its steps, the store, the journal and
 * the adapters. Holds the current state and checkpoints every change.
 */
public final class Migration {
    private final Plan plan;
    private final String planDigest;
    private final List<PlannedStep> steps;
    private final StateStore store;
    private final Journal journal;
    private final Adapters adapters;
    private final Clock clock;
    private final ProgressSink progress;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private RunState state;

    public Migration(Plan plan, String planDigest, List<PlannedStep> steps, Path stateDirectory, Adapters adapters,
                     Clock clock, PrintStream diagnostics) {
        this(plan, planDigest, steps, new LocalStateBackend(stateDirectory), adapters, clock, diagnostics);
    }

    public Migration(Plan plan, String planDigest, List<PlannedStep> steps, StateBackend backend, Adapters adapters,
                     Clock clock, PrintStream diagnostics) {
        this(plan, planDigest, steps, backend, adapters, clock, ProgressSink.lines(diagnostics, clock));
    }

    public Migration(Plan plan, String planDigest, List<PlannedStep> steps, StateBackend backend, Adapters adapters,
                     Clock clock, ProgressSink progress) {
        this.plan = plan;
        this.planDigest = planDigest;
        this.steps = List.copyOf(steps);
        this.store = new StateStore(backend, clock);
        this.journal = new Journal(backend);
        this.adapters = adapters;
        this.clock = clock;
        this.progress = progress;
        this.state = store.load().orElse(null);
    }

    public Plan plan() {
        return plan;
    }

    public String planDigest() {
        return planDigest;
    }

    public List<PlannedStep> steps() {
        return steps;
    }

    /** Where the plan's state, journal and lock live. */
    public StateBackend stateBackend() {
        return store.backend();
    }

    public Adapters adapters() {
        return adapters;
    }

    public Clock clock() {
        return clock;
    }

    public Journal journal() {
        return journal;
    }

    public boolean hasState() {
        return state != null;
    }

    /**
     * Refuses state the plan cannot continue from (another plan's, or a changed applied step), as a run does under
     * its lock; for a command to check before it writes anything, its log included.
     */
    public void requireConsistentState() {
        if (hasState()) {
            StateConsistency.check(this);
        }
    }

    /** The recorded state, or an empty one (not yet written) when the plan never ran. */
    public RunState state() {
        return state != null ? state : RunState.fresh(plan.name(), planDigest);
    }

    public synchronized void checkpoint(UnaryOperator<RunState> change) {
        state = store.save(change.apply(state()));
    }

    public void journal(String event, String step, String phase, String action, Long durationMs, String message) {
        journal.append(new JournalEntry(clock.instant(), runId, event, step, phase, action, durationMs,
                message == null ? null : Redacted.urls(message)));
    }

    public void say(String message) {
        progress.say(message);
    }

    /** The run's channel to the operator: lines, statuses, the current step/action. */
    public ProgressSink progress() {
        return progress;
    }

    public String inputDigest(PlannedStep step) {
        return dev.ferry.state.Json.digest(step.step().planInput(step.context(plan)));
    }
}
