package dev.ferry.steps;

import dev.ferry.Failures;
import dev.ferry.host.RemoteTimeouts;
import dev.ferry.host.HostCommands;
import dev.ferry.host.ComposeCommands;
import dev.ferry.step.Action;
import dev.ferry.step.ActionContext;
import dev.ferry.step.Effect;
import dev.ferry.step.Redacted;
import dev.ferry.step.RemoteShell.RemoteCommand;
import java.time.Duration;
import java.util.List;

/** Starts the compose postgres and waits until it accepts connections (pgautoupgrade upgrades before that). */
final class PostgresStart {
    private static final Duration PROBE = Duration.ofSeconds(30);

    private PostgresStart() {
    }

    static Action action(String name, HostActions host, String service, Duration timeout, String rollbackHint) {
        PostgresCommands shown = new PostgresCommands(host.preview(), service);
        return new Action(name, "start " + service + " and wait until it accepts connections",
                List.of(Effect.remote(host.preview().upWithoutDependencies(service)),
                        Effect.await(shown.ready() + "  # every 5s, up to " + timeout.toMinutes() + " min")),
                ctx -> startAndWait(ctx, host.compose(ctx), service, timeout, rollbackHint));
    }

    private static void startAndWait(ActionContext ctx, ComposeCommands cc, String service, Duration timeout,
                                     String rollbackHint) {
        PostgresCommands pg = new PostgresCommands(cc, service);
        HostCommands.require(ctx, RemoteTimeouts.slow(cc.upWithoutDependencies(service), null),
                "Check `docker compose config` on the host");
        ctx.progress("waiting for " + service + " to accept connections (an upgrade can take a while)");
        boolean ready = Poll.until(timeout, Duration.ofSeconds(5),
                () -> HostCommands.run(ctx, RemoteCommand.of(pg.ready(), PROBE)).ok());
        if (!ready) {
            String logs = HostCommands.run(ctx, RemoteCommand.of(cc.logs(service, 20), PROBE)).stdout();
            throw Failures.stepWithNextAction(service + " did not accept connections within " + timeout.toMinutes()
                    + " min; last log lines:\n" + Redacted.urls(logs), "Fix the cause and resume, or " + rollbackHint);
        }
        ctx.progress(service + " accepts connections");
    }
}
