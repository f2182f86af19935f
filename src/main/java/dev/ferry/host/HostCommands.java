package dev.ferry.host;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.step.ActionContext;
import dev.ferry.step.RemoteShell.CommandResult;
import dev.ferry.step.RemoteShell.RemoteCommand;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/** Runs commands on the source host and turns a non-zero exit into a {@link FerryException} that says what next. */
public final class HostCommands {
    public static final Duration SHORT = Duration.ofMinutes(2);

    private HostCommands() {
    }

    public static CommandResult run(ActionContext ctx, RemoteCommand command) {
        ShellWords.runnable(command.command());
        ctx.log().info("on {}: {}", ctx.plan().source().host(), command.display());
        return ctx.host().run(command, line -> ctx.log().debug("  {}", line));
    }

    /** Runs the command and returns its trimmed stdout; fails with {@code nextAction} when it exits non-zero. */
    public static String require(ActionContext ctx, RemoteCommand command, String nextAction) {
        CommandResult result = run(ctx, command);
        if (!result.ok()) {
            throw new FerryException(ErrorCode.STEP_FAILED, "`" + command.display() + "` exited "
                    + result.exitCode() + " on " + ctx.plan().source().host() + lastLine(result) + ". " + nextAction);
        }
        return result.stdout().strip();
    }

    public static String require(ActionContext ctx, String command, String nextAction) {
        return require(ctx, RemoteCommand.of(command, SHORT), nextAction);
    }

    /** The compose services that are running now. */
    public static Set<String> runningServices(ActionContext ctx, ComposeCommands compose) {
        String out = require(ctx, compose.runningServices(), "Check `docker compose ps` on the host");
        Set<String> running = new LinkedHashSet<>();
        Arrays.stream(out.split("\\R")).map(String::strip).filter(s -> !s.isEmpty()).forEach(running::add);
        return running;
    }

    /** {@code ": <last stderr line>"} (URL passwords masked), or empty. */
    public static String lastLine(CommandResult result) {
        String err = result.stderr() == null ? "" : result.stderr().strip();
        if (err.isEmpty()) {
            return "";
        }
        String[] lines = err.split("\\R");
        return ": " + dev.ferry.step.Redacted.urls(lines[lines.length - 1]);
    }
}
