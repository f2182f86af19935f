package dev.ferry.sandbox.app;

import java.sql.PreparedStatement;
import java.util.concurrent.atomic.AtomicBoolean;
import redis.clients.jedis.util.KeyValue;

/**
 * Takes jobs from {@code rq:queue:<name>}, marks them started in {@code rq:wip:<name>} while it works (as RQ does),
 * writes the result to the database, then clears the mark. A job that cannot be written goes back to its queue.
 */
final class Worker implements Runnable {
    private static final double IDLE_WAIT_SECONDS = 0.2;
    private final AppEnvironment env;
    private final Records records;
    private final AtomicBoolean running;

    Worker(AppEnvironment env, Records records, AtomicBoolean running) {
        this.env = env;
        this.records = records;
        this.running = running;
    }

    @Override
    public void run() {
        String[] keys = env.queues().stream().map(q -> "rq:queue:" + q).toArray(String[]::new);
        try (Backends backends = new Backends(env)) {
            while (running.get()) {
                try {
                    // a short wait, so that a stop finds an idle worker within a moment, as RQ's does
                    KeyValue<String, String> job = backends.redis().brpop(IDLE_WAIT_SECONDS, keys);
                    if (job != null) {
                        work(backends, job.getKey().substring("rq:queue:".length()), job.getValue());
                    }
                } catch (Exception e) {
                    records.write("error", null, Records.describe(e));
                    backends.reset();
                    StandInApp.pause(500);
                }
            }
        }
    }

    private void work(Backends backends, String queue, String job) {
        String wip = "rq:wip:" + queue;
        backends.redis().zadd(wip, System.currentTimeMillis(), job);
        try {
            backends.db().createStatement().execute(Backends.SCHEMA);
            try (PreparedStatement insert = backends.db().prepareStatement(
                    "insert into standin_results(job_id, queue, worker) values (?, ?, ?) on conflict do nothing")) {
                insert.setString(1, job);
                insert.setString(2, queue);
                insert.setString(3, env.identity());
                insert.executeUpdate();
            }
            records.write("completed", job, queue);
        } catch (Exception e) {
            backends.redis().rpush("rq:queue:" + queue, job);
            records.write("requeued", job, Records.describe(e));
        } finally {
            backends.redis().zrem(wip, job);
        }
    }
}
