package dev.ferry.sandbox.app;

import java.sql.PreparedStatement;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Schedules Redash's periodic jobs in Redis when it starts (as rq-scheduler does, see {@link PeriodicJobs}), then
 * enqueues a job per queue every tick and records the tick with its identity (two identities at once = overlap).
 */
final class Scheduler implements Runnable {
    static final List<String> QUEUES = List.of("scheduled_queries", "periodic");
    private final AppEnvironment env;
    private final Records records;
    private final AtomicBoolean running;
    private long sequence;
    private boolean registered;

    Scheduler(AppEnvironment env, Records records, AtomicBoolean running) {
        this.env = env;
        this.records = records;
        this.running = running;
    }

    @Override
    public void run() {
        try (Backends backends = new Backends(env)) {
            while (running.get()) {
                tick(backends);
                StandInApp.pause(env.tickMillis());
            }
        }
    }

    private void tick(Backends backends) {
        records.write("tick", null, null);
        try {
            if (!registered) {
                records.write("registered", null, PeriodicJobs.register(backends.redis()) + " periodic jobs scheduled");
                registered = true;
            }
            for (String queue : QUEUES) {
                String job = env.identity() + "-" + (++sequence);
                backends.redis().lpush("rq:queue:" + queue, job);
                records.write("enqueued", job, queue);
            }
            backends.db().createStatement().execute(Backends.SCHEMA);
            try (PreparedStatement insert = backends.db().prepareStatement("insert into standin_ticks(identity) values (?)")) {
                insert.setString(1, env.identity());
                insert.executeUpdate();
            }
        } catch (Exception e) {
            records.write("error", null, Records.describe(e));
            backends.reset();
        }
    }
}
