package dev.ferry.steps;

import dev.ferry.Failures;
import dev.ferry.host.PreviewCommands;
import dev.ferry.host.ShellWords;
import dev.ferry.host.ComposeCommands;
import dev.ferry.step.Action;
import dev.ferry.step.ActionContext;
import dev.ferry.step.Effect;
import dev.ferry.step.StepContext;
import dev.ferry.plan.ServiceRole;
import dev.ferry.plan.StepIds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.IntFunction;

/** Quiescing the queues around a Redis switch, in either direction: stop producers, wait for the workers to drain. */
final class RedisSwitch {
    private static final Duration POLL = Duration.ofSeconds(5);
    private static final String REDIS_IMAGE = "redis:7-alpine";

    private final StepContext context;
    private final String stepId;
    private final HostActions host;

    RedisSwitch(StepContext context, String stepId) {
        this.context = context;
        this.stepId = stepId;
        this.host = new HostActions(context.plan(), stepId);
    }

    HostActions host() {
        return host;
    }

    String cacheService() {
        return new PlanNames(context.plan()).cacheService();
    }

    Duration drainTimeout() {
        return StepOptions.duration(context.spec(), "drainTimeout");
    }

    List<String> queues() {
        List<String> listed = StepOptions.list(context.spec(), "queues");
        return listed.isEmpty() ? RedisQueues.REDASH_QUEUES : listed;
    }

    String cacheEndpoint(ActionContext ctx) {
        return ctx.output(StepIds.PROVISION, "redisEndpoint").orElseThrow(() -> Failures.preflight(
                "no ElastiCache endpoint recorded by " + StepIds.PROVISION, "Apply provision first"));
    }

    RedisQueues.Cli localCli(ComposeCommands compose) {
        return RedisQueues.Cli.plain(compose.exec(cacheService(), "redis-cli"));
    }

    /**
     * redis-cli in a one-off container against ElastiCache. With TLS the AUTH token reaches redis-cli through
     * {@code REDISCLI_AUTH} in a 0600 env file that lives as long as the command: printf is a shell builtin, so the
     * token is in no process's arguments, and the shown command masks it.
     */
    RedisQueues.Cli remoteCli(String host, int port, Optional<String> token) {
        String target = " redis-cli" + (token.isPresent() ? " --tls" : "") + " -h " + ShellWords.quote(host) + " -p " + port;
        if (token.isEmpty()) {
            return RedisQueues.Cli.plain("docker run --rm -i " + REDIS_IMAGE + target);
        }
        String run = "(umask 077 && F=$(mktemp) && printf '%s\\n' TOKEN_LINE > \"$F\" && docker run --rm -i --env-file \"$F\" "
                + REDIS_IMAGE + target + "; rc=$?; rm -f \"$F\"; exit $rc)";
        return new RedisQueues.Cli(run.replace("TOKEN_LINE", ShellWords.quote("REDISCLI_AUTH=" + token.get())),
                run.replace("TOKEN_LINE", "'REDISCLI_AUTH=****'"));
    }

    RedisQueues.Cli remoteCliPreview() {
        return remoteCli(ShellWords.placeholder("cache host"), PlanNames.REDIS_PORT,
                encrypted() ? Optional.of("****") : Optional.empty());
    }

    RedisQueues.Cli remoteCli(ActionContext ctx) {
        String[] endpoint = cacheEndpoint(ctx).split(":");
        Optional<String> token = encrypted() ? Optional.of(authToken(ctx)) : Optional.empty();
        return remoteCli(endpoint[0], endpoint.length > 1 ? Integer.parseInt(endpoint[1]) : PlanNames.REDIS_PORT, token);
    }

    private boolean encrypted() {
        return context.plan().target().cache().encrypted();
    }

    private String authToken(ActionContext ctx) {
        String parameter = new PlanNames(context.plan()).parameter(PlanNames.CACHE_AUTH_TOKEN);
        return ctx.aws().readSecureParameter(parameter).orElseThrow(() -> Failures.preflight("SSM parameter "
                + parameter + " (the cache's AUTH token) is gone", "Put the token back under that name"));
    }

    /**
     * The URLs the app gets for ElastiCache, by database number: {@code rediss://:TOKEN@host:port/N} with TLS, else
     * {@code redis://host:port/N}. The token is read from SSM once.
     */
    IntFunction<String> cacheUrls(ActionContext ctx) {
        String endpoint = cacheEndpoint(ctx);
        if (!encrypted()) {
            return db -> CacheUrl.plain(endpoint, db);
        }
        String token = authToken(ctx);
        return db -> CacheUrl.encrypted(token, endpoint, db);
    }

    String cacheUrlPreview() {
        return encrypted() ? "rediss://:<AUTH token from SSM, percent-encoded>@<cache endpoint>/<its database number>"
                : "redis://<cache endpoint>/<its database number>";
    }

    /** Stop the scheduler, drain, stop the server, confirm drained. {@code keyPrefix} keeps apply and rollback records apart. */
    List<Action> quiesce(String keyPrefix, RedisQueues.Cli cliPreview, Function<ActionContext, RedisQueues.Cli> cli) {
        List<String> schedulers = context.plan().compose().servicesWith(ServiceRole.SCHEDULER);
        List<String> servers = context.plan().compose().servicesWith(ServiceRole.SERVER);
        String schedulerKey = key(keyPrefix, "stoppedScheduler");
        String serverKey = key(keyPrefix, "stoppedServer");
        return List.of(
                host.stop("stop-scheduler", schedulers, schedulerKey, null),
                awaitDrained("wait-queues-drained", cliPreview, cli, List.of(schedulerKey)),
                host.stop("stop-server", servers, serverKey, null),
                awaitDrained("confirm-queues-drained", cliPreview, cli, List.of(schedulerKey, serverKey)));
    }

    private static String key(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    private Action awaitDrained(String name, RedisQueues.Cli cliPreview, Function<ActionContext, RedisQueues.Cli> cli,
                                List<String> restartKeys) {
        RedisQueues queues = new RedisQueues(queues());
        Duration timeout = drainTimeout();
        return new Action(name, "wait until the queues are empty and no job runs",
                List.of(Effect.await(PreviewCommands.shown(queues.command(cliPreview.shown())) + "  # every " + POLL.toSeconds() + "s until all 0, up to "
                        + timeout.toMinutes() + " min")),
                ctx -> {
                    RedisQueues.Cli redisCli = cli.apply(ctx);
                    AtomicReference<Map<String, Long>> busy = new AtomicReference<>(Map.of());
                    boolean drained = Poll.until(timeout, POLL, () -> {
                        busy.set(queues.busy(ctx, redisCli));
                        return busy.get().isEmpty();
                    });
                    if (!drained) {
                        throw giveUp(ctx, busy.get(), restartKeys);
                    }
                    ctx.progress("queues drained: " + String.join(", ", queues()));
                });
    }

    private RuntimeException giveUp(ActionContext ctx, Map<String, Long> busy, List<String> restartKeys) {
        List<String> restart = new ArrayList<>();
        restartKeys.forEach(k -> restart.addAll(HostActions.recorded(ctx, stepId, k)));
        host.startAndConfirm(ctx, restart);
        return Failures.stepWithNextAction("queues still busy after " + drainTimeout().toMinutes() + " min: " + busy
                + "; nothing was repointed and " + restart + " run again", "Run the step again when the workers have"
                + " caught up, or raise " + stepId + ".drainTimeout");
    }
}
