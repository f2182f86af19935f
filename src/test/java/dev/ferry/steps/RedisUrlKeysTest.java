package dev.ferry.steps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.host.EnvFile;
import dev.ferry.plan.Plan;
import dev.ferry.plan.StepIds;
import dev.ferry.step.Action;
import dev.ferry.step.StepContext;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisUrlKeysTest {
    private static final String ORIGINAL = """
            # Redash
            REDASH_REDIS_URL=redis://:hunter2pw@redis:6379/0
            export RQ_REDIS_URL='redis://:p;$(touch x)`id`"q@REDIS/1'  # queues
            OTHER_CACHE=redis://other-redis:6379/0
            HOSTILE="a;$(touch /tmp/y) \\"q\\" \\n b"
            MULTI="line one
            line two"
            REDASH_DATABASE_URL=postgresql://postgres:secret@postgres/postgres
            """;

    @Test
    void everyKeyNamingTheSameRedisByHostAndPortIsRepointedPlanKeyFirst() {
        EnvFile env = EnvFile.parse(ORIGINAL);
        assertThat(RedisUrlKeys.sameRedis(env, "REDASH_REDIS_URL")).containsExactly("REDASH_REDIS_URL", "RQ_REDIS_URL");
        assertThat(RedisUrlKeys.sameRedis(EnvFile.parse("A=1\n"), "REDASH_REDIS_URL")).containsExactly("REDASH_REDIS_URL");
        assertThat(RedisUrlKeys.naming(env, "OTHER-REDIS:6379")).containsExactly("OTHER_CACHE");
        assertThat(RedisUrlKeys.endpoint("rediss://:t%2Bk@Cache.example:6380/0")).contains("cache.example:6380");
        assertThat(RedisUrlKeys.endpoint("redis://:a b\"<`@x@redis/2")).as("host after the last @, as urlparse reads it")
                .contains("redis:6379");
        assertThat(RedisUrlKeys.endpoint("not a url; $(x)")).isEmpty();
        assertThat(RedisUrlKeys.endpoint("postgresql://redis:6379/0")).isEmpty();
        assertThat(RedisUrlKeys.database("redis://redis:6379/3")).isEqualTo(3);
        assertThat(RedisUrlKeys.database("redis://redis:6379")).isZero();
        assertThat(RedisUrlKeys.database("redis://redis/x?db=2")).isZero();
    }

    @Test
    void repointWritesEveryKeyOnceKeepingItsDatabaseAndRollbackPutsEachValueBackByteForByte() throws Exception {
        Plan plan = RedashPlan.plan();
        String envPath = new HostActions(plan, StepIds.REPOINT_REDIS).envPath();
        FakeContext ctx = new FakeContext(plan, StepIds.REPOINT_REDIS);
        ctx.host.files.put(envPath, ORIGINAL);
        ctx.outputs.put(StepIds.PROVISION + ".redisEndpoint", "cache.example:6379");
        ctx.record("repointedKeys", String.join(",", RedisUrlKeys.sameRedis(EnvFile.parse(ORIGINAL), "REDASH_REDIS_URL")));
        StepContext step = new StepContext(plan, plan.step(StepIds.REPOINT_REDIS).orElseThrow());
        Action repoint = named(new RepointRedis().actions(step), "repoint-env");
        Action restore = named(new RepointRedis().rollbackActions(step), "restore-env-file");
        assertThat(repoint.effects().toString() + restore.effects()).contains("REDASH_REDIS_URL and every other key",
                "RQ_REDIS_URL").doesNotContain("hunter2pw", "redis://:p;");

        repoint.body().run(ctx);
        String repointed = ctx.host.files.get(envPath);
        assertThat(repointed).isEqualTo(ORIGINAL
                .replace("redis://:hunter2pw@redis:6379/0", "redis://cache.example:6379/0")
                .replace("'redis://:p;$(touch x)`id`\"q@REDIS/1'", "'redis://cache.example:6379/1'"));
        repoint.body().run(ctx);
        assertThat(ctx.host.files.get(envPath)).as("a second run changes nothing").isEqualTo(repointed);
        assertThat(ctx.host.commands.stream().filter(c -> c.startsWith("cp -p"))).as("one backup").hasSize(1);

        restore.body().run(ctx);
        assertThat(ctx.host.files.get(envPath)).isEqualTo(ORIGINAL);
        restore.body().run(ctx);
        assertThat(ctx.host.files.get(envPath)).as("a second rollback is a no-op").isEqualTo(ORIGINAL);
        assertThat(ctx.progress).noneMatch(p -> p.contains("hunter2pw") || p.contains("touch"));
    }

    @Test
    void aFileEditedSinceGetsOnlyTheRepointedValuesBackAsTheBackupHasThem() throws Exception {
        Plan plan = RedashPlan.plan();
        String envPath = new HostActions(plan, StepIds.REPOINT_REDIS).envPath();
        FakeContext ctx = new FakeContext(plan, StepIds.REPOINT_REDIS);
        ctx.host.files.put(envPath, ORIGINAL);
        ctx.outputs.put(StepIds.PROVISION + ".redisEndpoint", "cache.example:6379");
        ctx.record("repointedKeys", "REDASH_REDIS_URL,RQ_REDIS_URL");
        StepContext step = new StepContext(plan, plan.step(StepIds.REPOINT_REDIS).orElseThrow());
        named(new RepointRedis().actions(step), "repoint-env").body().run(ctx);
        ctx.host.files.put(envPath, ctx.host.files.get(envPath) + "ADDED_BY_HAND=1\n");

        named(new RepointRedis().rollbackActions(step), "restore-env-file").body().run(ctx);
        assertThat(ctx.host.files.get(envPath)).isEqualTo(ORIGINAL + "ADDED_BY_HAND=1\n");
    }

    private static Action named(List<Action> actions, String name) {
        return actions.stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
    }
}
