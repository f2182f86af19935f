package dev.ferry.steps;

import dev.ferry.step.Action;
import dev.ferry.step.Reversibility;
import dev.ferry.step.StepContext;
import dev.ferry.plan.EcsService;
import dev.ferry.plan.ServiceRole;
import dev.ferry.plan.StepIds;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Workers on Fargate first, EC2 workers off second: for a while both consume the same ElastiCache queues, which
 * is safe (each job is taken once), so no job waits. The EC2 workers get a grace period to finish their job.
 */
public final class StartFargateWorkers extends BuiltInStep {
    static final String ID = StepIds.START_FARGATE_WORKERS;

    public StartFargateWorkers() {
        super(ID, "Start the workers on Fargate, then stop the EC2 workers", Reversibility.REVERSIBLE, false);
    }

    @Override
    public List<Action> actions(StepContext context) {
        HostActions host = new HostActions(context.plan(), ID);
        return List.of(
                new EcsActions(context.plan()).scale("start-fargate-workers", fargateWorkers(context), true,
                        stableTimeout(context), 4),
                host.stop("stop-ec2-workers", ec2Workers(context), "stoppedWorkers", stopTimeout(context)));
    }

    @Override
    public List<Action> rollbackActions(StepContext context) {
        HostActions host = new HostActions(context.plan(), ID);
        return List.of(
                host.start("start-ec2-workers", ec2Workers(context), ID, "stoppedWorkers").undoing("stop-ec2-workers"),
                new EcsActions(context.plan()).scale("stop-fargate-workers", fargateWorkers(context), false,
                        stableTimeout(context), 4).undoing("start-fargate-workers"));
    }

    @Override
    public Object planInput(StepContext context) {
        return Map.of("ecsWorkers", fargateWorkers(context), "composeWorkers", ec2Workers(context),
                "cluster", context.plan().target().ecs().cluster());
    }

    private static List<EcsService> fargateWorkers(StepContext context) {
        return new PlanNames(context.plan()).ecsServices(ServiceRole.WORKER);
    }

    private static List<String> ec2Workers(StepContext context) {
        return context.plan().compose().servicesWith(ServiceRole.WORKER);
    }

    private static Duration stableTimeout(StepContext context) {
        return StepOptions.duration(context.spec(), "stableTimeout");
    }

    private static Duration stopTimeout(StepContext context) {
        return StepOptions.duration(context.spec(), "stopTimeout");
    }
}
