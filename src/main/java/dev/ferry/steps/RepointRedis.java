package dev.ferry.steps;

import dev.ferry.host.EnvFile;
import dev.ferry.host.HostCommands;
import dev.ferry.step.Action;
import dev.ferry.step.ActionContext;
import dev.ferry.step.Effect;
import dev.ferry.step.Reversibility;
import dev.ferry.step.StepContext;
import dev.ferry.plan.StepIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Moves the queues to ElastiCache without losing jobs: the scheduler stops producing, the workers drain the local
 * queues, the server stops for the few seconds of the switch, then everything is recreated on ElastiCache.
 */
public final class RepointRedis extends BuiltInStep {
    static final String ID = StepIds.REPOINT_REDIS;
    /** The env keys that named the local Redis when the step started, comma-separated. */
    private static final String KEYS = "repointedKeys";

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
        actions.add(repointEnv(sw, context));
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
        actions.add(host.restoreEnv("restore-env-file", shownKeys(context), RepointRedis::repointedKeys)
                .undoing("repoint-env"));
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

    /**
     * The forward check: ElastiCache is ready; records (before anything changes) which keys name the local Redis, so
     * the repoint and its rollback act on the same keys, and says which already point at ElastiCache.
     */
    private static Action checkBeforeRepoint(RedisSwitch sw, StepContext context) {
        String urlKey = context.plan().compose().redisUrlKey();
        String envPath = sw.host().envPath();
        Action ready = recordRunning(sw, "runningBefore");
        List<Effect> effects = new ArrayList<>(ready.effects());
        effects.add(Effect.check("read " + envPath + ": which keys name the Redis that " + urlKey + " names (host:port;"
                + " values never shown): " + shownKeys(context)));
        return new Action(ready.name(), ready.summary(), effects, ctx -> {
            ready.body().run(ctx);
            EnvFile env = EnvFile.parse(ctx.host().readFile(envPath));
            if (ctx.output(ID, KEYS).isEmpty()) {
                ctx.persist(KEYS, String.join(",", RedisUrlKeys.sameRedis(env, urlKey)));
            }
            List<String> keys = repointedKeys(ctx);
            List<String> already = RedisUrlKeys.naming(env, sw.cacheEndpoint(ctx));
            List<String> pending = keys.stream().filter(k -> !already.contains(k)).toList();
            ctx.progress((pending.isEmpty() ? "no key of " + envPath + " names the local Redis any more"
                    : "to repoint in " + envPath + ": " + String.join(", ", pending))
                    + (already.isEmpty() ? "" : "; already on ElastiCache: " + String.join(", ", already)));
        });
    }

    /** The repoint: every recorded key gets the ElastiCache URL with its own database number, in one write. */
    private static Action repointEnv(RedisSwitch sw, StepContext context) {
        return sw.host().editEnv("repoint-env", "repoint the keys naming the local Redis",
                shownKeys(context) + " → " + sw.cacheUrlPreview(), (ctx, env) -> {
                    IntFunction<String> urls = sw.cacheUrls(ctx);
                    EnvFile edited = env;
                    for (String key : repointedKeys(ctx)) {
                        edited = edited.with(key, urls.apply(RedisUrlKeys.database(env.get(key).orElse(""))));
                    }
                    return edited;
                });
    }

    /** The keys the check recorded; the plan's key alone for a state written before ferry recorded them. */
    private static List<String> repointedKeys(ActionContext ctx) {
        List<String> keys = HostActions.recorded(ctx, ID, KEYS);
        return keys.isEmpty() ? List.of(ctx.plan().compose().redisUrlKey()) : keys;
    }

    private static String shownKeys(StepContext context) {
        return context.plan().compose().redisUrlKey() + " and every other key naming its Redis host:port (Redash: "
                + "RQ_REDIS_URL)";
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
