package dev.ferry.sandbox.app;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A small app with Redash's roles, run by the sandbox wherever Redash would run (a compose container on the host or a
 * Fargate task): {@code server} answers {@code GET /ping} after touching the database and Redis; {@code worker}
 * consumes RQ-style queues and writes results to the database; {@code scheduler} enqueues jobs on a timer and records
 * a tick with its identity. SIGTERM stops it gracefully (a worker finishes its job first).
 */
public final class StandInApp {
    private StandInApp() {
    }

    public static void main(String[] args) throws Exception {
        String role = args.length == 0 ? "" : args[0];
        AppEnvironment env = AppEnvironment.from(System.getenv(), role);
        Records records = new Records(env.recordsFile(), env.identity(), role);
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable loop = switch (role) {
            case "server" -> new Server(env, records, running);
            case "worker" -> new Worker(env, records, running);
            case "scheduler" -> new Scheduler(env, records, running);
            default -> null;
        };
        if (loop == null) {
            System.err.println("stand-in: unknown role '" + role + "'; use server, worker or scheduler");
            System.exit(2);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.set(false);
            try {
                stopped.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            records.write("stopped", null, null);
        }));
        records.write("started", null, null);
        try {
            loop.run();
        } finally {
            stopped.countDown();
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
