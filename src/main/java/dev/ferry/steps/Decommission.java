package dev.ferry.steps;

import dev.ferry.Failures;
import dev.ferry.host.RemoteTimeouts;
import dev.ferry.host.HostCommands;
import dev.ferry.host.ComposeCommands;
import dev.ferry.host.ComposeFile;
import dev.ferry.step.Action;
import dev.ferry.step.ActionContext;
import dev.ferry.step.Effect;
import dev.ferry.step.Reversibility;
import dev.ferry.step.StepContext;
import dev.ferry.plan.EcsService;
import dev.ferry.plan.ServiceRole;
import dev.ferry.plan.StepIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Removes what is left of the app on the host. One way: the engine asks for a typed confirmation first. Services
 * with role {@code keep} stay; data directories and volumes go only with {@code removeVolumes: true}.
 */
public final class Decommission extends BuiltInStep {
    static final String ID = StepIds.DECOMMISSION;

    public Decommission() {
        super(ID, "Remove the old app services (and, if asked, their data) from the host",
                Reversibility.ONE_WAY, false);
    }

    @Override
    public List<Action> actions(StepContext context) {
        HostActions host = new HostActions(context.plan(), ID);
        List<String> app = appServices(context);
        List<Action> actions = new ArrayList<>(List.of(checkMoved(context, host)));
        Action leftovers = LeftoverReplication.forPlan(context.plan(), host);
        if (leftovers != null) {
            actions.add(leftovers);
        }
        actions.add(removeContainers(host, app));
        for (String service : app) {
            actions.add(host.removeService("remove-" + service.replace('_', '-') + "-from-compose", service));
        }
        if (StepOptions.flag(context.spec(), "removeVolumes")) {
            actions.add(new OldData(context.plan()).removeAction());
        }
        return actions;
    }

    @Override
    public List<Action> rollbackActions(StepContext context) {
        return List.of();
    }

    /** The exact directories and volumes {@code removeVolumes} deletes, and what it keeps and why. */
    @Override
    public List<String> oneWayDetails(StepContext context, ActionContext world) {
        List<String> lines = new ArrayList<>(List.of("removes the containers and compose entries of "
                + String.join(", ", appServices(context))));
        if (LeftoverReplication.forPlan(context.plan(), new HostActions(context.plan(), ID)) != null) {
            lines.add("drops this plan's replication slot and publication on the local postgres, and revokes this plan's"
                    + " rule in the host's security group, if any remain");
        }
        if (StepOptions.flag(context.spec(), "removeVolumes")) {
            lines.addAll(OldData.details(world));
        } else {
            lines.add("deletes no data (removeVolumes: false)");
        }
        return lines;
    }

    @Override
    public Object planInput(StepContext context) {
        return Map.of("compose", context.plan().compose(), "removeVolumes",
                StepOptions.flag(context.spec(), "removeVolumes"));
    }

    /** Every compose service that moved: all but {@code keep}. Database and cache are usually gone already. */
    private static List<String> appServices(StepContext context) {
        return context.plan().compose().services().entrySet().stream()
                .filter(e -> e.getValue() != ServiceRole.KEEP).map(Map.Entry::getKey).toList();
    }

    private static Action checkMoved(StepContext context, HostActions host) {
        EcsActions ecs = new EcsActions(context.plan());
        List<EcsService> fargate = context.plan().target().ecs().services();
        List<Effect> effects = new ArrayList<>();
        fargate.forEach(s -> effects.add(ecs.countCheck(s, "at least 1")));
        effects.add(Effect.check("cutover-server has been applied"));
        effects.add(Effect.check(host.preview().runningServices() + "  # only keep services"));
        return new Action("check-moved", "everything runs on AWS and nothing of the app runs on the host", effects, ctx -> {
            if (ctx.output(StepIds.CUTOVER_SERVER, "switchedAt").isEmpty()) {
                throw Failures.preflight("cutover-server has not been applied", "Apply it first");
            }
            List<String> idle = fargate.stream().filter(s -> ecs.running(ctx, s) < 1).map(EcsService::name).toList();
            if (!idle.isEmpty()) {
                throw Failures.preflight("Fargate services " + idle + " run no task", "Find out why before removing the fallback");
            }
            Set<String> running = HostCommands.runningServices(ctx, host.compose(ctx));
            List<String> still = appServices(context).stream().filter(running::contains).toList();
            if (!still.isEmpty()) {
                throw Failures.preflight(still + " still run on the host", "Finish the earlier steps first");
            }
        });
    }

    private static Action removeContainers(HostActions host, List<String> app) {
        return new Action("remove-containers", "remove the stopped containers of the moved services",
                List.of(Effect.remote(host.preview().remove(app) + "  # those still in the compose file")),
                ctx -> {
                    ComposeCommands cc = host.compose(ctx);
                    List<String> present = ComposeFile.parse(ctx.host().readFile(ctx.plan().compose().composePath()))
                            .services().stream().filter(app::contains).toList();
                    if (!present.isEmpty()) {
                        HostCommands.require(ctx, RemoteTimeouts.slow(cc.remove(present), null), "Check `docker compose ps -a`");
                    }
                    ctx.progress(present.isEmpty() ? "no containers left to remove" : "removed " + present);
                });
    }

}
