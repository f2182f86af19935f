package dev.ferry.steps;

import dev.ferry.host.EnvFile;
import dev.ferry.host.HostCommands;
import dev.ferry.host.ShellWords;
import dev.ferry.step.Action;
import dev.ferry.step.Effect;
import dev.ferry.step.Reversibility;
import dev.ferry.step.StepContext;
import dev.ferry.plan.StepIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Moves the queues to ElastiCache without losing jobs: the scheduler stops producing, the workers drain the local
 * queues, the server stops for the few seconds of the switch, then everything is recreated on ElastiCache.
 */
public final class RepointRedis extends BuiltInStep {
    static final String ID = StepIds.REPOINT_REDIS;

    public RepointRedis() {
        super(ID, "Drain the local Redis queues and repoint the app to ElastiCache", Reversibility.REVERSIBLE, true);
    }

    @Override
    public List<Action> actions(StepContext context) {
        RedisSwitch sw = new RedisSwitch(context, ID);
        HostActions host = sw.host();
        String cache = sw.cacheService();
        List<Action> actions = new ArrayList<>(List.of(checkBeforeRepoint(sw, context)));
        actions.addAll(sw.quiesce("", sw.localCli(host.preview()), ctx -> sw.localCli(host.compose(ctx))));
        actions.add(host.setEnv("repoint-env", context.plan().compose().redisUrlKey(), sw.cacheUrlPreview(),
                sw::cacheUrl));
        actions.add(host.removeService("remove-redis-service", cache));
        actions.add(host.recreate("recreate-containers", context.plan().compose().writers(), List.of("runningBefore"),
                List.of(cache)));
        return actions;
    }

    @Override
    public List<Action> rollbackActions(StepContext context) {
        RedisSwitch sw = new RedisSwitch(context, ID);
        HostActions host = sw.host();
        RedisQueues.Cli remoteCli = sw.remoteCliPreview();
        List<Action> actions = new ArrayList<>(List.of(recordRunning(sw, "rollbackRunning")));
        sw.quiesce("rollback", remoteCli, sw::remoteCli).forEach(a -> actions.add(a.undoing("repoint-env")));
        actions.add(host.restoreComposeFile("restore-compose-file").undoing("remove-redis-service"));
        actions.add(host.restoreEnv("restore-env-file", context.plan().compose().redisUrlKey()).undoing("repoint-env"));
        List<String> services = new ArrayList<>(context.plan().compose().writers());
        services.add(0, sw.cacheService());
        actions.add(host.recreate("recreate-containers", services, List.of("runningBefore", "rollbackRunning"), List.of())
                .undoing("stop-scheduler", "stop-server", "repoint-env", "remove-redis-service", "recreate-containers"));
        return actions;
    }

    @Override
    public Object planInput(StepContext context) {
        RedisSwitch sw = new RedisSwitch(context, ID);
        // The queues as the plan lists them (empty: Redash's), so a state applied before the default was filled in
        // still matches its plan.
        return Map.of("compose", context.plan().compose(), "cache", context.plan().target().cache(),
                "queues", StepOptions.list(context.spec(), "queues"), "drainTimeout", sw.drainTimeout().toString());
    }

    /** The forward check: ElastiCache is ready and no other env key keeps the app on the local Redis. */
    private static Action checkBeforeRepoint(RedisSwitch sw, StepContext context) {
        String urlKey = context.plan().compose().redisUrlKey();
        String envPath = sw.host().envPath();
        Action ready = recordRunning(sw, "runningBefore");
        List<Effect> effects = new ArrayList<>(ready.effects());
        effects.add(Effect.check("read " + envPath + ": no key but " + urlKey + " names the local Redis (values never"
                + " shown)"));
        return new Action(ready.name(), ready.summary(), effects, ctx -> {
            StrayRedisKeys.refuseAny(EnvFile.parse(ctx.host().readFile(envPath)), urlKey, envPath);
            ready.body().run(ctx);
        });
    }

    private static Action recordRunning(RedisSwitch sw, String key) {
        HostActions host = sw.host();
        return new Action("check-elasticache", "ElastiCache is ready; note which app services run now",
                List.of(Effect.check("provision recorded the ElastiCache endpoint"),
                        Effect.check(host.preview().runningServices())),
                ctx -> {
                    ctx.progress("ElastiCache at " + sw.cacheEndpoint(ctx));
                    if (ctx.output(ID, key).isEmpty()) {
                        List<String> writers = ctx.plan().compose().writers();
                        List<String> running = HostCommands.runningServices(ctx, host.compose(ctx)).stream()
                                .filter(writers::contains).toList();
                        ctx.record(key, String.join(",", running));
                    }
                });
    }
}
