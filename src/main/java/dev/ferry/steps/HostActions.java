package dev.ferry.steps;

import dev.ferry.Failures;
import dev.ferry.host.RemoteTimeouts;
import dev.ferry.host.HostCommands;
import dev.ferry.host.ComposeCommands;
import dev.ferry.host.HostFiles;
import dev.ferry.host.EnvFile;
import dev.ferry.host.ComposeFile;
import dev.ferry.step.Action;
import dev.ferry.step.ActionContext;
import dev.ferry.step.Effect;
import dev.ferry.plan.ComposeProject;
import dev.ferry.plan.Plan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Actions on the source host that several steps share: stopping and starting compose services, editing the env
 * file and the compose file (backup first), recreating containers. Each one looks before it changes anything.
 */
final class HostActions {
    private final Plan plan;
    private final String stepId;
    private final ComposeProject compose;
    private final ComposeCommands preview;

    HostActions(Plan plan, String stepId) {
        this.plan = plan;
        this.stepId = stepId;
        this.compose = plan.compose();
        this.preview = ComposeCommands.preview(compose);
    }

    ComposeCommands preview() {
        return preview;
    }

    ComposeCommands compose(ActionContext ctx) {
        return ComposeCommands.detect(ctx.host(), compose);
    }

    /** Stops those of {@code services} that run; records which under {@code key} so they can be started again. */
    Action stop(String name, List<String> services, String key, Duration grace) {
        String command = grace == null ? preview.stop(services) : preview.stop(services, grace);
        return new Action(name, "stop " + String.join(", ", services) + " on the host",
                List.of(Effect.check(preview.runningServices()), Effect.remote(command)), ctx -> {
                    ComposeCommands cc = compose(ctx);
                    Set<String> running = HostCommands.runningServices(ctx, cc);
                    List<String> toStop = services.stream().filter(running::contains).toList();
                    List<String> stopped = new ArrayList<>(recorded(ctx, key));
                    toStop.stream().filter(s -> !stopped.contains(s)).forEach(stopped::add);
                    ctx.persist(key, String.join(",", stopped));
                    if (toStop.isEmpty()) {
                        ctx.progress("already stopped: " + String.join(", ", services));
                        return;
                    }
                    String stop = grace == null ? cc.stop(toStop) : cc.stop(toStop, grace);
                    HostCommands.require(ctx, RemoteTimeouts.slow(stop, grace), "Check `docker compose ps` and the"
                            + " container logs on the host, then retry");
                    ctx.progress("stopped " + String.join(", ", toStop));
                });
    }

    /**
     * Starts those of {@code services} recorded under any of {@code keys} by {@code fromStep}, and nothing else: what
     * ferry did not stop, it does not start. The stop records its list before it stops anything, so the record is
     * there even when the stop or the process died half-way. A rollback passes the apply's key too: when the apply
     * failed after stopping the writers, the rollback's own stop finds nothing running, yet the writers must come back.
     */
    Action start(String name, List<String> services, String fromStep, String... keys) {
        return new Action(name, "start " + String.join(", ", services) + " on the host (those ferry stopped)",
                List.of(Effect.remote(preview.start(services)), Effect.check(preview.runningServices())), ctx -> {
                    List<String> wanted = services.stream()
                            .filter(s -> Arrays.stream(keys).anyMatch(k -> recorded(ctx, fromStep, k).contains(s)))
                            .toList();
                    if (wanted.isEmpty()) {
                        ctx.progress("ferry stopped none of " + String.join(", ", services) + "; nothing to start");
                    }
                    startAndConfirm(ctx, wanted);
                });
    }

    void startAndConfirm(ActionContext ctx, List<String> services) {
        if (services.isEmpty()) {
            return;
        }
        ComposeCommands cc = compose(ctx);
        HostCommands.require(ctx, RemoteTimeouts.slow(cc.start(services), null),
                "Check `docker compose logs` on the host for why they do not start");
        Set<String> running = HostCommands.runningServices(ctx, cc);
        List<String> down = services.stream().filter(s -> !running.contains(s)).toList();
        if (!down.isEmpty()) {
            throw Failures.step("started " + services + " but " + down + " are not running on "
                    + plan.source().host(), "Check `" + preview.logs(down.get(0), 50) + "`");
        }
        ctx.progress("running: " + String.join(", ", services));
    }

    /** Sets {@code envKey} in the env file to {@code value.apply(ctx)}; the preview shows {@code shownValue}. */
    Action setEnv(String name, String envKey, String shownValue, Function<ActionContext, String> value) {
        return editEnv(name, "repoint " + envKey, envKey + " → " + shownValue, (ctx, env) -> env.with(envKey, value.apply(ctx)));
    }

    /**
     * Edits the env file in one write (backup first); {@code shown} says what changes, never a value. Idempotent: the
     * edit of an already edited file changes nothing, and no second backup is taken.
     */
    Action editEnv(String name, String summary, String shown, BiFunction<ActionContext, EnvFile, EnvFile> edit) {
        String path = envPath();
        return new Action(name, summary + " in " + path,
                List.of(Effect.edit(path + ": " + shown + " (backup first: " + HostFiles.backupPathPreview(path) + ")")),
                ctx -> HostFiles.edit(ctx, stepId, "envFile", path, text -> edit.apply(ctx, EnvFile.parse(text)).text()));
    }

    /** Restores the env file; if edited since, puts back only {@code envKey}'s old value. */
    Action restoreEnv(String name, String envKey) {
        return restoreEnv(name, envKey, ctx -> List.of(envKey));
    }

    /**
     * Restores the env file byte for byte from its backup; if someone edited it since, puts back only the value text
     * of each of {@code keys} (as the backup has it, quoting included).
     */
    Action restoreEnv(String name, String shownKeys, Function<ActionContext, List<String>> keys) {
        String path = envPath();
        return new Action(name, "restore " + shownKeys + " in " + path,
                List.of(Effect.edit(path + " ← " + HostFiles.backupPathPreview(path) + " (byte for byte; if the file"
                        + " changed since, only " + shownKeys + " " + (shownKeys.contains(" ") ? "are" : "is")
                        + " set back)")),
                ctx -> HostFiles.restore(ctx, stepId, "envFile", path, (current, backup) -> {
                    EnvFile original = EnvFile.parse(backup);
                    EnvFile merged = EnvFile.parse(current);
                    for (String key : keys.apply(ctx)) {
                        merged = merged.withValueOf(key, original).orElseThrow(() -> Failures.step(
                                "the backup of " + path + " has no " + key, "Set it by hand"));
                    }
                    return merged.text();
                }));
    }

    Action removeService(String name, String service) {
        String path = compose.composePath();
        return new Action(name, "remove service " + service + " from " + path,
                List.of(Effect.edit(path + ": remove service " + service + " and depends_on/links entries naming it"
                        + " (backup first: " + HostFiles.backupPathPreview(path) + ")")),
                ctx -> HostFiles.edit(ctx, stepId, "composeFile", path,
                        text -> ComposeFile.parse(text).withoutService(service).text()));
    }

    Action restoreComposeFile(String name) {
        String path = compose.composePath();
        return new Action(name, "restore " + path + " from its backup",
                List.of(Effect.edit(path + " ← " + HostFiles.backupPathPreview(path) + " (byte for byte)")),
                ctx -> HostFiles.restore(ctx, stepId, "composeFile", path, null));
    }

    /**
     * Recreates those of {@code services} recorded under any of {@code keys} (the services running before this step,
     * or stopped by it), minus {@code removed}. Nothing recorded, nothing recreated: ferry starts only what it stopped.
     */
    Action recreate(String name, List<String> services, List<String> keys, List<String> removed) {
        List<String> shown = services.stream().filter(s -> !removed.contains(s)).toList();
        return new Action(name, "recreate containers so they read the new configuration",
                List.of(Effect.remote(preview.up(shown)), Effect.check(preview.runningServices())), ctx -> {
                    List<String> wanted = new ArrayList<>(services.stream()
                            .filter(s -> keys.stream().anyMatch(k -> recorded(ctx, k).contains(s))).toList());
                    wanted.removeAll(removed);
                    if (wanted.isEmpty()) {
                        ctx.progress("none of " + String.join(", ", shown) + " ran before; nothing to recreate");
                        return;
                    }
                    ComposeCommands cc = compose(ctx);
                    HostCommands.require(ctx, RemoteTimeouts.slow(cc.up(wanted), null),
                            "Check `docker compose config` and `docker compose logs` on the host");
                    Set<String> running = HostCommands.runningServices(ctx, cc);
                    List<String> down = wanted.stream().filter(s -> !running.contains(s)).toList();
                    if (!down.isEmpty()) {
                        throw Failures.stepWithNextAction(down + " did not come up after recreating", "Check `"
                                + preview.logs(down.get(0), 50) + "`, fix, then resume");
                    }
                    ctx.progress("recreated " + String.join(", ", wanted));
                });
    }

    String envPath() {
        String env = compose.envFile();
        return env.startsWith("/") ? env : compose.directory() + "/" + env;
    }

    static List<String> recorded(ActionContext ctx, String stepId, String key) {
        return ctx.output(stepId, key).map(HostActions::split).orElse(List.of());
    }

    private List<String> recorded(ActionContext ctx, String key) {
        return recorded(ctx, stepId, key);
    }

    static List<String> split(String joined) {
        return Arrays.stream(joined.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
