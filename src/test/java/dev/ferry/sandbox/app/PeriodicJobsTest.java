package dev.ferry.sandbox.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.sandbox.local.LocalPostgres;
import dev.ferry.sandbox.local.LocalRedis;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * The stand-in scheduler schedules Redash's periodic jobs in Redis at start, as rq-scheduler does, once per definition
 * (a stale one is cancelled); the demo's check counts them on a real Redis and finds none where no scheduler started.
 */
class PeriodicJobsTest {

    @Test
    void theSchedulerSchedulesThePeriodicJobsAtStartAndTheCheckCountsThem() throws Exception {
        Path base = Files.createTempDirectory(Path.of("/tmp"), "ferry-periodic-");
        Path records = base.resolve("records.jsonl");
        try (LocalRedis local = LocalRedis.start(base.resolve("redis"), LocalPostgres.freePort());
             Jedis redis = new Jedis("127.0.0.1", local.port())) {
            URI url = URI.create("redis://127.0.0.1:" + local.port() + "/0");
            int expected = PeriodicJobs.REDASH.size();
            assertThat(expected).isEqualTo(8);
            assertThat(PeriodicJobs.await(url, Duration.ofMillis(300))).isEqualTo(new PeriodicJobs.Presence(0, expected));
            redis.zadd(PeriodicJobs.SCHEDULED, 1, "stale-definition");
            redis.hset("rq:job:stale-definition", Map.of("description", "redash.tasks.gone()"));

            Process scheduler = StandInAppTest.launch("scheduler", Map.of(
                    "REDASH_DATABASE_URL", "postgresql://postgres:pw@127.0.0.1:1/postgres",
                    "REDASH_REDIS_URL", url.toString(), "STANDIN_TICK_MILLIS", "300",
                    "FERRY_STANDIN_RECORDS", records.toString()), "sched-a");
            try {
                PeriodicJobs.Presence presence = PeriodicJobs.await(url, Duration.ofSeconds(30));
                assertThat(presence.complete()).as(presence.toString()).isTrue();
                assertThat(presence.found()).isEqualTo(expected);
            } finally {
                scheduler.destroy();
                assertThat(scheduler.waitFor(15, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(redis.zrange(PeriodicJobs.SCHEDULED, 0, -1)).hasSize(expected).doesNotContain("stale-definition");
            assertThat(redis.exists("rq:job:stale-definition")).isFalse();
            assertThat(redis.hget("rq:job:" + PeriodicJobs.id("redash.tasks.refresh_queries"), "origin"))
                    .isEqualTo("periodic");
            assertThat(Files.readString(records)).contains("\"kind\":\"registered\"", expected + " periodic jobs scheduled");

            assertThat(PeriodicJobs.register(redis)).as("a scheduler starting again schedules nothing twice").isZero();
            assertThat(redis.zcard(PeriodicJobs.SCHEDULED)).isEqualTo(expected);

            redis.del("rq:job:" + PeriodicJobs.id("redash.tasks.version_check"));
            assertThat(PeriodicJobs.await(url, Duration.ofMillis(300)).found()).as("a schedule entry without its job")
                    .isEqualTo(expected - 1);
            redis.flushAll();
            assertThat(PeriodicJobs.await(url, Duration.ofMillis(300)).found()).isZero();
        }
        assertThat(PeriodicJobs.await(URI.create("redis://127.0.0.1:1/0"), Duration.ofMillis(300)))
                .as("a Redis that does not answer holds none").isEqualTo(new PeriodicJobs.Presence(0, 8));
    }
}
