package dev.ferry.steps;

import dev.ferry.step.AwsChanges.ServiceScaleRequest;
import dev.ferry.step.Action;
import dev.ferry.step.ActionContext;
import dev.ferry.step.Effect;
import dev.ferry.plan.EcsService;
import dev.ferry.plan.Plan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Scaling ECS services and waiting for them, shared by the steps that move work to Fargate. */
final class EcsActions {
    private final Plan plan;
    private final PlanNames names;

    EcsActions(Plan plan) {
        this.plan = plan;
        this.names = new PlanNames(plan);
    }

    String cluster() {
        return plan.target().ecs().cluster();
    }

    /** The count a service runs at when it is on: its planned count, at least one. */
    static int onCount(EcsService service) {
        return service.singleton() ? 1 : Math.max(1, service.desiredCount());
    }

    private ServiceScaleRequest scaleRequest(EcsService service, boolean up) {
        return new ServiceScaleRequest(cluster(), names.ecsName(service), up ? onCount(service) : 0);
    }

    /** Scales each service to its on count ({@code up}) or to 0, then waits until every one is stable. */
    Action scale(String name, List<EcsService> services, boolean up, Duration timeout, int parallelism) {
        List<Effect> effects = new ArrayList<>();
        for (EcsService s : services) {
            effects.add(AwsCall.ownerCheck(names, "it", "ecs:DescribeServices", "Cluster", cluster(), "Services",
                    "[" + names.ecsName(s) + "]", "Include", "[TAGS]"));
            effects.addAll(AwsCall.of(scaleRequest(s, up)));
        }
        for (EcsService s : services) {
            effects.add(Effect.await("ecs:DescribeServices(Cluster=" + cluster() + ", Services=[" + names.ecsName(s)
                    + "]) until stable (runningCount = desiredCount, one deployment), up to " + timeout.toMinutes() + " min"));
        }
        String verb = up ? "start" : "stop";
        return new Action(name, verb + " Fargate " + services.stream().map(EcsService::name).toList(), effects,
                ctx -> Parallel.run(parallelism, services.stream().map(s -> Parallel.task(names.ecsName(s), () -> {
                    ctx.aws().scaleService(scaleRequest(s, up), names.owner());
                    ctx.aws().awaitServiceStable(cluster(), names.ecsName(s), timeout);
                    ctx.progress(names.ecsName(s) + " stable at " + (up ? onCount(s) : 0) + " tasks");
                })).toList()));
    }

    int running(ActionContext ctx, EcsService service) {
        return ctx.aws().runningTaskCount(cluster(), names.ecsName(service));
    }

    Effect countCheck(EcsService service, String expectation) {
        return Effect.check("ecs:ListTasks(Cluster=" + cluster() + ", ServiceName=" + names.ecsName(service)
                + ", DesiredStatus=RUNNING) → " + expectation);
    }
}
