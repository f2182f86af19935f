package dev.ferry.sandbox.app;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Redash's periodic jobs as its scheduler keeps them in Redis (rq-scheduler): at start, {@code schedule_periodic_jobs}
 * cancels scheduled jobs it no longer defines and schedules each definition not yet there, as a {@code rq:job:<id>}
 * hash plus the job id in the sorted set {@code rq:scheduler:scheduled_jobs} (score: next run, epoch seconds). The
 * ids are digests of the definitions, so a scheduler starting again, or a second one, schedules nothing twice. The
 * definitions are Redash 10's defaults (version check and query-result cleanup on).
 */
public final class PeriodicJobs {
    public static final String SCHEDULED = "rq:scheduler:scheduled_jobs";
    /** Function name to interval in seconds. */
    static final Map<String, Long> REDASH = definitions();

    private PeriodicJobs() {
    }

    private static Map<String, Long> definitions() {
        Map<String, Long> jobs = new LinkedHashMap<>();
        jobs.put("redash.tasks.refresh_queries", 30L);
        jobs.put("redash.tasks.remove_ghost_locks", 60L);
        jobs.put("redash.tasks.empty_schedules", 3600L);
        jobs.put("redash.tasks.refresh_schemas", 1800L);
        jobs.put("redash.tasks.sync_user_details", 60L);
        jobs.put("redash.tasks.send_aggregated_errors", 3600L);
        jobs.put("redash.tasks.version_check", 86400L);
        jobs.put("redash.tasks.cleanup_query_results", 300L);
        return Collections.unmodifiableMap(jobs);
    }

    /** What a Redis holds of Redash's periodic jobs: how many of the expected ones are scheduled. */
    public record Presence(int found, int expected) {
        public boolean complete() {
            return found == expected;
        }

        /** None of the expected jobs: what a Redis never read, or one that cannot be reached, holds. */
        public static Presence none() {
            return new Presence(0, REDASH.size());
        }
    }

    /** Schedules every definition not scheduled yet and cancels scheduled jobs no definition names; returns how many it scheduled. */
    static int register(Jedis redis) {
        List<String> ids = REDASH.keySet().stream().map(PeriodicJobs::id).toList();
        for (String stale : redis.zrange(SCHEDULED, 0, -1)) {
            if (!ids.contains(stale)) {
                redis.zrem(SCHEDULED, stale);
                redis.del("rq:job:" + stale);
            }
        }
        int scheduled = 0;
        long now = Instant.now().getEpochSecond();
        for (Map.Entry<String, Long> job : REDASH.entrySet()) {
            String id = id(job.getKey());
            if (redis.zscore(SCHEDULED, id) != null) {
                continue;
            }
            redis.hset("rq:job:" + id, Map.of("description", job.getKey() + "()", "origin", "periodic",
                    "created_at", Instant.now().toString(), "meta", "{\"interval\": " + job.getValue() + "}"));
            redis.zadd(SCHEDULED, now, id);
            scheduled++;
        }
        return scheduled;
    }

    /** How many of Redash's periodic jobs the Redis at {@code url} holds (both the schedule entry and the job hash). */
    public static Presence on(URI url) {
        try (Jedis redis = Backends.connect(url)) {
            return on(redis);
        }
    }

    /**
     * Waits up to {@code timeout} for the Redis at {@code url} to hold every periodic job (a scheduler just recreated
     * schedules them on its first tick); returns what it holds then. A Redis that cannot be reached holds none.
     */
    public static Presence await(URI url, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Presence presence = Presence.none();
        while (true) {
            try {
                presence = on(url);
            } catch (JedisException unreachable) {
                presence = Presence.none();
            }
            if (presence.complete() || System.nanoTime() > deadline) {
                return presence;
            }
            StandInApp.pause(250);
        }
    }

    static Presence on(Jedis redis) {
        int found = 0;
        for (String name : REDASH.keySet()) {
            String id = id(name);
            if (redis.zscore(SCHEDULED, id) != null && redis.exists("rq:job:" + id)) {
                found++;
            }
        }
        return new Presence(found, REDASH.size());
    }

    /** A digest of the definition, as Redash's {@code job_id}: the same definition always has the same id. */
    static String id(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((name + ":" + REDASH.get(name))
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
