package dev.ferry.bench;

import dev.ferry.database.DataMove;
import dev.ferry.database.Libpq;
import dev.ferry.database.LocalExecution;
import dev.ferry.database.LogicalReplication;
import dev.ferry.database.MoveMethod;
import dev.ferry.database.MoveOptions;
import dev.ferry.database.PostgresSnapshots;
import dev.ferry.database.SnapshotComparison;
import dev.ferry.database.SnapshotOptions;
import dev.ferry.sandbox.local.LocalPostgres;
import dev.ferry.step.DatabasePorts.ConnectionSpec;
import dev.ferry.step.DatabasePorts.Snapshot;
import dev.ferry.step.LiveDigests;
import dev.ferry.step.ReplicationPorts.Names;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The seconds a move keeps the app's writers stopped, per method, on a Redash-like database (PostgreSQL 15 with logical
 * WAL -> 16) while a writer inserts and updates query_results until the stop: for the dump methods the copy plus the
 * full verification ferry makes; for {@code replicate} the catch-up, the sequences, the verification of what changed
 * since its live half, and dropping the replication (its copy ran while the writer wrote). Every result is compared
 * table by table with the source as it stood at the stop. Stopping and restarting the app's containers is the same for
 * every method and not in the figure. Not a unit test: {@code bench/downtime.sh [--mb 760,3000]}.
 */
public final class DowntimeBenchmark {
    private static final Duration WAIT = Duration.ofHours(2);
    private final Path base;
    private final int jobs;
    private final int writesPerSecond;
    private final PostgresSnapshots full = new PostgresSnapshots(SnapshotOptions.full());

    /** {@code downtime} is the writers-stopped seconds, {@code total} the whole move's. */
    private record Result(int megabytes, String method, double downtime, double total, long writes, String verified) {
    }

    private interface Move {
        /**
         * Moves {@code from} into the empty {@code to} with {@code writer} writing, stopping it and verifying as ferry
         * does (marked on {@code timer}); returns the source as it stood at the stop.
         */
        Snapshot run(ConnectionSpec from, ConnectionSpec to, Writer writer, Timer timer) throws Exception;
    }

    private DowntimeBenchmark(Path base, int jobs, int writesPerSecond) {
        this.base = base;
        this.jobs = jobs;
        this.writesPerSecond = writesPerSecond;
    }

    public static void main(String[] args) throws Exception {
        BenchSetup.quiet();
        Map<String, String> options = BenchSetup.options(args);
        Path base = BenchSetup.workDirectory(options.getOrDefault("dir", "/tmp"));
        List<Integer> sizes = Arrays.stream(options.getOrDefault("mb", "760,3000").split(",")).map(Integer::parseInt).toList();
        try {
            DowntimeBenchmark bench = new DowntimeBenchmark(base, Integer.parseInt(options.getOrDefault("jobs", "2")),
                    Integer.parseInt(options.getOrDefault("writes", "50")));
            List<Result> results = new ArrayList<>();
            for (int mb : sizes) {
                results.addAll(bench.measureSize(mb, options.getOrDefault("only", "")));
            }
            print(results);
        } finally {
            BenchSetup.delete(base);
        }
    }

    private List<Result> measureSize(int megabytes, String only) throws Exception {
        Path dir = base.resolve("source-" + megabytes);
        LocalPostgres fresh = LocalPostgres.initialise(15, dir, LocalPostgres.freePort());
        fresh.stop();
        try (LocalPostgres source = LocalPostgres.start(dir, fresh.port(),
                List.of("wal_level=logical", "max_replication_slots=10", "max_wal_senders=10"))) {
            long bytes = BenchSetup.generate(source, megabytes);
            System.out.printf("source: %d MB on disk; a writer inserts and updates query_results (%d writes/s)%n",
                    bytes >> 20, writesPerSecond);
            ConnectionSpec from = new ConnectionSpec("127.0.0.1", source.port(), "redash", LocalPostgres.SUPERUSER, null);
            List<Result> results = new ArrayList<>();
            for (var contender : contenders().entrySet()) {
                if (only.isEmpty() || Arrays.stream(only.split(",")).anyMatch(contender.getKey()::contains)) {
                    results.add(measure(megabytes, contender.getKey(), from, contender.getValue()));
                }
            }
            return results;
        } finally {
            BenchSetup.delete(dir);
        }
    }

    private Map<String, Move> contenders() {
        Map<String, Move> all = new java.util.LinkedHashMap<>();
        all.put("directory", (s, t, w, timer) -> dump(MoveMethod.DIRECTORY, s, t, w, timer));
        all.put("stream", (s, t, w, timer) -> dump(MoveMethod.STREAM, s, t, w, timer));
        all.put("copy", (s, t, w, timer) -> dump(MoveMethod.COPY, s, t, w, timer));
        all.put("replicate", this::replicate);
        if (Files.isExecutable(Path.of("/usr/bin/pgcopydb"))) {
            all.put("pgcopydb clone (reference)", this::pgcopydb);
        } else {
            System.out.println("pgcopydb not installed (apt-get install pgcopydb): no reference figure");
        }
        return all;
    }

    private Result measure(int megabytes, String name, ConnectionSpec from, Move move) throws Exception {
        Path dir = base.resolve("target-" + megabytes + "-" + name.split(" ")[0]);
        try (LocalPostgres target = LocalPostgres.initialise(16, dir, LocalPostgres.freePort())) {
            try (Connection c = target.connect("postgres"); Statement st = c.createStatement()) {
                st.execute("create database redash");
            }
            ConnectionSpec to = new ConnectionSpec("127.0.0.1", target.port(), "redash", LocalPostgres.SUPERUSER, null);
            System.out.printf("%d MB %-28s ", megabytes, name);
            System.out.flush();
            Writer writer = Writer.start(from, writesPerSecond);
            Timer timer = new Timer();
            Snapshot atStop = move.run(from, to, writer, timer);
            List<String> differences = SnapshotComparison.compare(atStop, full.snapshot(to));
            String verified = differences.isEmpty() ? "yes" : "NO " + differences;
            System.out.printf("writers stopped %6.1f s, whole move %6.1f s, %d writes, verified %s%n", timer.downtime(),
                    timer.total(), writer.writes(), verified);
            return new Result(megabytes, name, timer.downtime(), timer.total(), writer.writes(), verified);
        } finally {
            BenchSetup.delete(dir);
        }
    }

    private Snapshot dump(MoveMethod method, ConnectionSpec s, ConnectionSpec t, Writer writer, Timer timer)
            throws Exception {
        Thread.sleep(2000);
        writer.stop();
        timer.stopped();
        var inventory = full.inventory(s);
        boolean ok = LocalExecution.run(DataMove.pipeline(s, t, inventory, MoveOptions.defaults(base.resolve("ferry-work")
                .toString()).with(method).withJobs(jobs)), line -> { }).ok();
        if (!ok) {
            throw new IllegalStateException(method.id() + " failed");
        }
        return verifiedWhole(s, t, timer);
    }

    /** ferry's verification of a dump: both sides read whole and compared. */
    private Snapshot verifiedWhole(ConnectionSpec s, ConnectionSpec t, Timer timer) {
        Snapshot source = full.snapshot(s);
        List<String> differences = SnapshotComparison.compare(source, full.snapshot(t));
        if (!differences.isEmpty()) {
            throw new IllegalStateException("the verification found differences: " + differences);
        }
        timer.verified();
        return source;
    }

    private Snapshot replicate(ConnectionSpec s, ConnectionSpec t, Writer writer, Timer timer) throws Exception {
        var inventory = full.inventory(s);
        if (!LocalExecution.run(DataMove.pipeline(s, t, inventory, MoveOptions.defaults(base.resolve("ferry-work").toString())
                .with(MoveMethod.REPLICATE)), line -> { }).ok()) {
            throw new IllegalStateException("the schema copy failed");
        }
        LogicalReplication replication = new LogicalReplication();
        Names names = Names.forPlan("bench");
        replication.start(s, t, s, names);
        replication.awaitInitialCopy(t, names, WAIT, line -> { });
        LiveDigests live = replication.verifyLive(s, t, names, WAIT, line -> { }).orElseThrow();
        writer.stop();
        timer.stopped();
        long t0 = System.nanoTime();
        replication.awaitCaughtUp(s, names, WAIT, line -> { });
        replication.copySequences(s, t);
        long t1 = System.nanoTime();
        var cutover = replication.verifyAtCutover(s, t, names, live, line -> { }).orElseThrow();
        List<String> differences = SnapshotComparison.compare(cutover.source(), cutover.target());
        long t2 = System.nanoTime();
        replication.drop(s, t, names);
        if (!differences.isEmpty()) {
            throw new IllegalStateException("the cutover verification found differences: " + differences);
        }
        timer.verified();
        System.out.printf("[catch-up and sequences %.1f s, verify %.1f s (%d of %d buckets read again), drop %.1f s] ",
                (t1 - t0) / 1e9, (t2 - t1) / 1e9, cutover.bucketsRead(),
                live.source().values().stream().mapToInt(d -> d.buckets().size()).sum(), BenchSetup.seconds(t2));
        return cutover.source();
    }

    private Snapshot pgcopydb(ConnectionSpec s, ConnectionSpec t, Writer writer, Timer timer) throws Exception {
        Thread.sleep(2000);
        writer.stop();
        timer.stopped();
        if (!BenchSetup.shell(base.resolve("ferry-work"), "pgcopydb clone --source " + BenchSetup.quote(Libpq.uri(s))
                + " --target " + BenchSetup.quote(Libpq.uri(t)) + " --dir \"$W/pgcopydb\" --table-jobs " + jobs
                + " --index-jobs " + jobs + " --no-owner --no-acl >\"$W/pgcopydb.log\" 2>&1"
                + " || { tail -20 \"$W/pgcopydb.log\"; exit 1; }")) {
            throw new IllegalStateException("pgcopydb clone failed");
        }
        return verifiedWhole(s, t, timer);
    }

    private static void print(List<Result> results) {
        System.out.printf("%nwriters stopped (s), PostgreSQL 15 -> 16 local -> local, %d cores, load average now %s%n",
                Runtime.getRuntime().availableProcessors(), BenchSetup.loadAverage());
        System.out.printf("| %6s | %-28s | %15s | %12s | %7s | %-8s |%n", "MB", "method", "writers stopped", "whole move",
                "writes", "verified");
        System.out.printf("|%s|%s|%s|%s|%s|%s|%n", "-".repeat(8), "-".repeat(30), "-".repeat(17), "-".repeat(14),
                "-".repeat(9), "-".repeat(10));
        for (Result r : results) {
            System.out.printf("| %6d | %-28s | %15.1f | %12.1f | %7d | %-8s |%n", r.megabytes(), r.method(), r.downtime(),
                    r.total(), r.writes(), r.verified().startsWith("yes") ? "yes" : "NO");
        }
    }

    /** When the move started, when the writers stopped, and when the verified result was known. */
    private static final class Timer {
        private final long started = System.nanoTime();
        private long stopped;
        private long verified;

        void stopped() {
            stopped = System.nanoTime();
        }

        void verified() {
            verified = System.nanoTime();
        }

        double downtime() {
            return (verified - stopped) / 1e9;
        }

        double total() {
            return (verified - started) / 1e9;
        }
    }

    /** Inserts a query result and updates an older one, {@code perSecond} times a second, until stopped. */
    private static final class Writer {
        private final Thread thread;
        private final java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();
        private volatile boolean writing = true;
        private volatile Exception failure;

        private Writer(ConnectionSpec spec, int perSecond) {
            thread = new Thread(() -> loop(spec, perSecond), "bench-writer");
        }

        static Writer start(ConnectionSpec spec, int perSecond) {
            Writer writer = new Writer(spec, perSecond);
            writer.thread.start();
            return writer;
        }

        private void loop(ConnectionSpec spec, int perSecond) {
            try (Connection c = java.sql.DriverManager.getConnection("jdbc:postgresql://" + spec.host() + ":" + spec.port()
                    + "/" + spec.database() + "?user=" + spec.user()); Statement st = c.createStatement()) {
                while (writing) {
                    st.executeUpdate("insert into query_results (org_id, data_source_id, query_hash, query, data, runtime,"
                            + " retrieved_at) select 1, 1, md5(random()::text), 'select 1', repeat(md5(random()::text), 60),"
                            + " 0.1, now()");
                    st.executeUpdate("update query_results set retrieved_at = now() where id = (select 1 + (random() *"
                            + " (select max(id) - 1 from query_results))::int)");
                    writes.addAndGet(2);
                    Thread.sleep(1000L / Math.max(1, perSecond));
                }
            } catch (SQLException | InterruptedException e) {
                failure = e;
            }
        }

        void stop() throws Exception {
            writing = false;
            thread.join();
            if (failure != null) {
                throw failure;
            }
        }

        long writes() {
            return writes.get();
        }
    }
}
