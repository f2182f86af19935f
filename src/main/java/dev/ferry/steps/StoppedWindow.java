package dev.ferry.steps;

import dev.ferry.Failures;
import dev.ferry.host.HostCommands;
import dev.ferry.step.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The actions a move runs with the app's writers stopped, from after {@code stop-writers} to before
 * {@code recreate-containers}. In the run that stopped them nothing starts them again; a resumed run did not stop them
 * itself, and between the two an operator may have started the app to serve its users. Moving on would repoint the app
 * while writes made since the copy stay behind on the local database, so the first of these actions in a resumed run
 * refuses while any writer runs (one {@code docker compose ps}; none in the run that stopped them).
 */
final class StoppedWindow {
    static final String STOP = "stop-writers";
    static final String END = "recreate-containers";

    private final HostActions host;
    private final List<String> writers;
    private final String step;
    private volatile boolean known;

    StoppedWindow(HostActions host, List<String> writers, String step) {
        this.host = host;
        this.writers = List.copyOf(writers);
        this.step = step;
    }

    List<Action> guarded(List<Action> actions) {
        List<Action> out = new ArrayList<>();
        boolean inside = false;
        for (Action a : actions) {
            if (a.name().equals(STOP)) {
                out.add(a.withBody(ctx -> {
                    a.body().run(ctx);
                    known = true;
                }));
                inside = true;
            } else if (inside && !a.name().equals(END)) {
                out.add(a.withBody(ctx -> {
                    requireStopped(ctx);
                    a.body().run(ctx);
                }));
            } else {
                inside = inside && !a.name().equals(END);
                out.add(a);
            }
        }
        return out;
    }

    private void requireStopped(dev.ferry.step.ActionContext ctx) {
        if (known) {
            return;
        }
        Set<String> running = HostCommands.runningServices(ctx, host.compose(ctx));
        List<String> writing = writers.stream().filter(running::contains).toList();
        if (!writing.isEmpty()) {
            throw Failures.stepWithNextAction(String.join(", ", writing) + " run again since " + STOP + " stopped them:"
                    + " moving on would leave their writes since then on the local database",
                    "Stop them (docker compose stop " + String.join(" ", writing) + ") and `ferry resume PLAN` (the move"
                    + " verifies again), or put the app back with `ferry rollback PLAN --to " + step + "`");
        }
        known = true;
    }
}
