package dev.ferry.steps;

import dev.ferry.Failures;
import dev.ferry.host.HostCommands;
import dev.ferry.step.Action;
import dev.ferry.step.ActionContext;
import dev.ferry.step.Effect;
import dev.ferry.step.Reversibility;
import dev.ferry.step.StepContext;
import dev.ferry.plan.EcsService;
import dev.ferry.plan.ServiceRole;
import dev.ferry.plan.StepIds;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hands the singleton scheduler from EC2 to Fargate. Two schedulers would enqueue every scheduled query and alert
 * twice, so each side is confirmed stopped before the other starts, in both directions.
 */
public final class HandoffScheduler extends BuiltInStep {
    static final String ID = StepIds.HANDOFF_SCHEDULER;

    public HandoffScheduler() {
        super(ID, "Stop the EC2 scheduler, then run exactly one scheduler on Fargate",
                Reversibility.REVERSIBLE, false);
    }

    @Override
    public List<Action> actions(StepContext context) {
        HostActions host = new HostActions(context.plan(), ID);
        EcsActions ecs = new EcsActions(context.plan());
        EcsService fargate = fargateScheduler(context);
        List<String> ec2 = ec2Schedulers(context);
        return List.of(
                checkFargateIdle(ecs, fargate, host, ec2),
                host.stop("stop-ec2-scheduler", ec2, "stoppedScheduler", stopTimeout(context)),
                confirmEc2Stopped(host, ec2),
                ecs.scale("start-fargate-scheduler", List.of(fargate), true, stableTimeout(context), 1),
                confirmCount("confirm-one-fargate-scheduler", ecs, fargate, 1, Duration.ZERO));
    }

    @Override
    public List<Action> rollbackActions(StepContext context) {
        HostActions host = new HostActions(context.plan(), ID);
        EcsActions ecs = new EcsActions(context.plan());
        EcsService fargate = fargateScheduler(context);
        return List.of(
                ecs.scale("stop-fargate-scheduler", List.of(fargate), false, stableTimeout(context), 1)
                        .undoing("start-fargate-scheduler"),
                confirmCount("confirm-no-fargate-scheduler", ecs, fargate, 0, stopTimeout(context))
                        .undoing("start-fargate-scheduler"),
                host.start("start-ec2-scheduler", ec2Schedulers(context), ID, "stoppedScheduler")
                        .undoing("stop-ec2-scheduler"));
    }

    @Override
    public Object planInput(StepContext context) {
        return Map.of("ecsScheduler", fargateScheduler(context), "composeSchedulers", ec2Schedulers(context),
                "cluster", context.plan().target().ecs().cluster());
    }

    private static Action checkFargateIdle(EcsActions ecs, EcsService fargate, HostActions host, List<String> ec2) {
        return new Action("check-fargate-scheduler", "the Fargate scheduler must not run while the EC2 one does",
                List.of(ecs.countCheck(fargate, "0 while the EC2 scheduler runs"), Effect.check(host.preview().runningServices())),
                ctx -> {
                    int fargateTasks = ecs.running(ctx, fargate);
                    Set<String> running = HostCommands.runningServices(ctx, host.compose(ctx));
                    List<String> ec2Running = ec2.stream().filter(running::contains).toList();
                    if (fargateTasks > 0 && !ec2Running.isEmpty()) {
                        throw Failures.preflight("two schedulers run right now: " + ec2Running + " on EC2 and "
                                + fargateTasks + " Fargate task(s)", "Stop one side by hand at once (see runbooks/"
                                + ID + ".md), then run the step again");
                    }
                });
    }

    private static Action confirmEc2Stopped(HostActions host, List<String> ec2) {
        return new Action("confirm-ec2-scheduler-exited", "the EC2 scheduler container has exited",
                List.of(Effect.check(host.preview().runningServices() + "  # must not list " + String.join(", ", ec2))),
                ctx -> {
                    Set<String> running = HostCommands.runningServices(ctx, host.compose(ctx));
                    List<String> still = ec2.stream().filter(running::contains).toList();
                    if (!still.isEmpty()) {
                        throw Failures.stepWithNextAction(still + " still run on the host after the stop; the Fargate scheduler"
                                + " was not started", "Stop it by hand (`docker stop`) and resume");
                    }
                });
    }

    /** Waits up to {@code patience} for exactly {@code expected} running tasks; more than one scheduler is stopped at once. */
    private static Action confirmCount(String name, EcsActions ecs, EcsService fargate, int expected, Duration patience) {
        return new Action(name, "exactly " + expected + " Fargate scheduler task(s) run",
                List.of(ecs.countCheck(fargate, "exactly " + expected)),
                ctx -> {
                    boolean ok = Poll.until(patience, Duration.ofSeconds(5), () -> ecs.running(ctx, fargate) == expected);
                    int count = ecs.running(ctx, fargate);
                    if (count > 1) {
                        stopAll(ctx, ecs, fargate);
                        throw Failures.stepWithNextAction(count + " Fargate scheduler tasks ran at once; the service was scaled to 0",
                                "Check its deployment configuration (minimumHealthyPercent 0, maximumPercent 100) and resume");
                    }
                    if (!ok && count != expected) {
                        throw Failures.stepWithNextAction("the Fargate scheduler runs " + count + " task(s), expected " + expected,
                                "Check `aws ecs describe-services` and the task's stopped reason, then resume");
                    }
                });
    }

    private static void stopAll(ActionContext ctx, EcsActions ecs, EcsService fargate) {
        ctx.aws().scaleService(ecs.cluster(), fargate.serviceName(ctx.plan().name()), 0,
                new PlanNames(ctx.plan()).owner());
    }

    private static EcsService fargateScheduler(StepContext context) {
        List<EcsService> schedulers = new PlanNames(context.plan()).ecsServices(ServiceRole.SCHEDULER);
        if (schedulers.size() != 1) {
            throw Failures.input("the plan needs exactly one ECS scheduler service (found " + schedulers.size() + ")",
                    "Fix target.ecs.services");
        }
        return schedulers.get(0);
    }

    private static List<String> ec2Schedulers(StepContext context) {
        return context.plan().compose().servicesWith(ServiceRole.SCHEDULER);
    }

    private static Duration stableTimeout(StepContext context) {
        return StepOptions.duration(context.spec(), "stableTimeout");
    }

    private static Duration stopTimeout(StepContext context) {
        return StepOptions.duration(context.spec(), "stopTimeout");
    }
}
