package dev.ferry.steps;

import dev.ferry.step.Reversibility;
import dev.ferry.step.StepContext;
import dev.ferry.step.Step;
import dev.ferry.step.Effect;
import dev.ferry.step.Action;
import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.plan.StepSpec;
import dev.ferry.plan.StepSpec.HookAction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A plan-defined step of local shell commands (notify a channel, run a smoke test). Each action's {@code check}
 * exits 0 when the action is already done, which makes it idempotent; without a rollback command on every action the
 * step is one-way.
 */
public final class HookStep implements Step {
    private static final long TIMEOUT_MINUTES = 30;
    private final StepSpec spec;
    private final Path workingDirectory;

    public HookStep(StepSpec spec, Path workingDirectory) {
        this.spec = spec;
        this.workingDirectory = workingDirectory;
    }

    @Override
    public String id() {
        return spec.id();
    }

    @Override
    public String title() {
        return "hook: " + spec.hookActions().size() + " local command(s)";
    }

    @Override
    public Reversibility reversibility() {
        return spec.hookActions().stream().allMatch(a -> a.rollback() != null) ? Reversibility.REVERSIBLE : Reversibility.ONE_WAY;
    }

    @Override
    public boolean downtime() {
        return false;
    }

    @Override
    public List<Action> actions(StepContext context) {
        return spec.hookActions().stream().map(this::apply).toList();
    }

    @Override
    public List<Action> rollbackActions(StepContext context) {
        List<Action> undo = new ArrayList<>();
        for (HookAction hook : spec.hookActions()) {
            if (hook.rollback() != null) {
                undo.add(0, new Action(hook.name(), "undo " + hook.name(), List.of(Effect.local(hook.rollback())),
                        ctx -> shell(hook.rollback(), hook.name() + " rollback")).undoing(hook.name()));
            }
        }
        return undo;
    }

    @Override
    public Object planInput(StepContext context) {
        return spec;
    }

    private Action apply(HookAction hook) {
        List<Effect> effects = new ArrayList<>();
        if (hook.check() != null) {
            effects.add(Effect.check(hook.check()));
        }
        effects.add(Effect.local(hook.apply()));
        return new Action(hook.name(), "run " + hook.name(), effects, ctx -> {
            if (hook.check() != null && exitCode(hook.check()) == 0) {
                ctx.progress(hook.name() + ": already done (check passed)");
                return;
            }
            shell(hook.apply(), hook.name());
        });
    }

    private void shell(String command, String what) throws IOException, InterruptedException {
        int code = exitCode(command);
        if (code != 0) {
            throw new FerryException(ErrorCode.STEP_FAILED, "hook command '" + what + "' exited " + code
                    + " (run in " + workingDirectory + ")");
        }
    }

    private int exitCode(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("sh", "-c", command).directory(workingDirectory.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new FerryException(ErrorCode.STEP_FAILED, "hook command timed out after " + TIMEOUT_MINUTES + " min: "
                    + new String(command.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        }
        return process.exitValue();
    }
}
