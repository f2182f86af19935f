package dev.ferry.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.host.EnvFile;
import dev.ferry.plan.Plan;
import dev.ferry.plan.StepIds;
import dev.ferry.step.Action;
import dev.ferry.step.StepContext;
import org.junit.jupiter.api.Test;

class StrayRedisKeysTest {

    @Test
    void anotherKeyNamingTheSameRedisByHostAndPortIsStray() {
        EnvFile env = EnvFile.parse("""
                REDASH_REDIS_URL=redis://redis:6379/0
                RQ_REDIS_URL=redis://REDIS/1
                OTHER_CACHE=redis://other-redis:6379/0
                REDASH_DATABASE_URL=postgresql://postgres:secret@postgres/postgres
                """);
        assertThat(StrayRedisKeys.in(env, "REDASH_REDIS_URL")).containsExactly("RQ_REDIS_URL");
        assertThat(StrayRedisKeys.in(EnvFile.parse("REDASH_REDIS_URL=redis://redis:6379/0\n"), "REDASH_REDIS_URL"))
                .isEmpty();
        assertThat(StrayRedisKeys.endpoint("rediss://:t%2Bk@Cache.example:6380/0")).contains("cache.example:6380");
        assertThat(StrayRedisKeys.endpoint("not a url; $(x)")).isEmpty();
    }

    @Test
    void repointRedisRefusesBeforeItChangesAnythingAndNeverShowsAValue() throws Exception {
        Plan plan = RedashPlan.plan();
        String envPath = new HostActions(plan, StepIds.REPOINT_REDIS).envPath();
        FakeContext ctx = new FakeContext(plan, StepIds.REPOINT_REDIS);
        String original = "REDASH_REDIS_URL=redis://:hunter2pw@redis:6379/0\nRQ_REDIS_URL=redis://:hunter2pw@redis/0\n";
        ctx.host.files.put(envPath, original);
        Action first = new RepointRedis().actions(new StepContext(plan, plan.step(StepIds.REPOINT_REDIS).orElseThrow()))
                .get(0);
        assertThat(first.effects().toString()).contains("no key but REDASH_REDIS_URL names the local Redis");
        assertThatThrownBy(() -> first.body().run(ctx)).isInstanceOf(FerryException.class)
                .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.PREFLIGHT_FAILED))
                .hasMessageContaining("RQ_REDIS_URL in " + envPath + " also points at the Redis that REDASH_REDIS_URL")
                .hasMessageContaining("nothing was changed").hasMessageNotContaining("hunter2pw");
        assertThat(ctx.host.files.get(envPath)).isEqualTo(original);
        assertThat(ctx.outputs).isEmpty();
    }
}
