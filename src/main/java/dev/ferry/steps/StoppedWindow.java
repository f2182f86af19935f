package dev.ferry.steps;

import dev.ferry.Failures;
import dev.ferry.FerryException;
import dev.ferry.host.HostCommands;
import dev.ferry.host.RemoteTimeouts;
import dev.ferry.step.Action;
import dev.ferry.step.ActionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The actions a move runs with the app's writers stopped, from after {@code stop-writers} to before
 * {@code recreate-containers}. In the run that stopped them nothing starts them again; a resumed run did not stop them
 * itself, and between the two ferry's failure handling (which puts the app back on the local database) or an operator
 * may have started them. The first of these actions in a resumed run looks (one {@code docker compose ps}; none in the
 * run that stopped them): before the copy is verified it stops them again, since the verification to come compares
 * whatever they wrote; after it, it refuses, since the repoint would leave their writes behind.
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
                    try {
                        a.body().run(ctx);
                    } catch (FerryException e) {
                        throw withAppState(ctx, e);
                    }
                }));
            } else {
                inside = inside && !a.name().equals(END);
                out.add(a);
            }
        }
        return out;
    }

    /**
     * The failure, saying whether the app is still down: most failures here leave the writers stopped (only a failed
     * copy or catch-up starts them again on the local database), and at night the operator must know which it is.
     */
    private FerryException withAppState(ActionContext ctx, FerryException e) {
        List<String> stopped;
        try {
            Set<String> running = HostCommands.runningServices(ctx, host.compose(ctx));
            stopped = writers.stream().filter(w -> !running.contains(w)).toList();
        } catch (RuntimeException unknown) {
            e.addSuppressed(unknown);
            return e;
        }
        if (stopped.isEmpty()) {
            return e;
        }
        String message = e.getMessage() + "\nThe app is still down: " + String.join(", ", stopped) + " stay stopped"
                + " since " + STOP + ".";
        return e.namesNextAction() ? FerryException.advised(e.code(), message, e)
                : new FerryException(e.code(), message, e);
    }

    private void requireStopped(ActionContext ctx) {
        if (known) {
            return;
        }
        Set<String> running = HostCommands.runningServices(ctx, host.compose(ctx));
        List<String> writing = writers.stream().filter(running::contains).toList();
        if (!writing.isEmpty() && Baseline.present(ctx, step)) {
            throw Failures.stepWithNextAction(String.join(", ", writing) + " run again since " + STOP + " stopped them,"
                    + " after the copy was verified: moving on would leave their writes since then on the local database",
                    "Put the app back with `ferry rollback PLAN --to " + step + "` and run the step again, or, if they"
                    + " wrote nothing, stop them (docker compose stop " + String.join(" ", writing) + ") and `ferry"
                    + " resume PLAN`");
        }
        if (!writing.isEmpty()) {
            HostCommands.require(ctx, RemoteTimeouts.slow(host.compose(ctx).stop(writing), null), "Check `docker"
                    + " compose ps` and the container logs on the host, then retry");
            ctx.progress("stopped " + String.join(", ", writing) + " again: they ran since " + STOP + " (a failure"
                    + " restarts them on the local database); the verification to come checks what they wrote");
        }
        known = true;
    }
}
