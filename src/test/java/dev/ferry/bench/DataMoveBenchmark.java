package dev.ferry.bench;

import dev.ferry.database.DataMove;
import dev.ferry.step.DatabasePorts.ConnectionSpec;
import dev.ferry.step.DatabasePorts.Snapshot;
import dev.ferry.database.Libpq;
import dev.ferry.database.LocalExecution;
import dev.ferry.database.MoveMethod;
import dev.ferry.database.MoveOptions;
import dev.ferry.database.PostgresSnapshots;
import dev.ferry.database.SnapshotComparison;
import dev.ferry.step.SourceInventory;
import dev.ferry.sandbox.local.LocalPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Measures the ways to move a Redash-like database from a PostgreSQL 15 source to fresh PostgreSQL 16 targets on this
 * machine, verifies every result with a full snapshot comparison, and prints wall times and ratios. Not a unit test:
 * run {@code bench/data-move.sh [--mb 760] [--jobs 2] [--only stream,directory]}.
 */
public final class DataMoveBenchmark {
    private final Path base;
    private final int jobs;
    private final List<String> only;
    private final PostgresSnapshots snapshots = new PostgresSnapshots();

    private record Result(String name, double seconds, boolean ok, List<String> differences) {
    }

    private DataMoveBenchmark(Path base, int jobs, List<String> only) {
        this.base = base;
        this.jobs = jobs;
        this.only = only;
    }

    public static void main(String[] args) throws Exception {
        BenchSetup.quiet();
        Map<String, String> options = BenchSetup.options(args);
        int megabytes = Integer.parseInt(options.getOrDefault("mb", "760"));
        int jobs = Integer.parseInt(options.getOrDefault("jobs", "2"));
        Path base = BenchSetup.workDirectory(options.getOrDefault("dir", "/tmp"));
        try {
            List<String> only = options.containsKey("only") ? List.of(options.get("only").split(",")) : List.of();
            new DataMoveBenchmark(base, jobs, only).run(megabytes);
        } finally {
            BenchSetup.delete(base);
        }
    }

    private void run(int megabytes) throws Exception {
        try (LocalPostgres source = LocalPostgres.initialise(15, base.resolve("source"), LocalPostgres.freePort())) {
            ConnectionSpec from = new ConnectionSpec("127.0.0.1", source.port(), "redash", LocalPostgres.SUPERUSER, null);
            long size = BenchSetup.generate(source, megabytes);
            SourceInventory inventory = snapshots.inventory(from);
            long started = System.nanoTime();
            Snapshot expected = snapshots.snapshot(from);
            System.out.printf("source: PostgreSQL %s, %d MB on disk, %d tables, %d rows; a full snapshot takes %.1f s%n",
                    expected.serverVersion(), size / (1 << 20), inventory.tables().size(),
                    expected.rowCounts().values().stream().mapToLong(Long::longValue).sum(), BenchSetup.seconds(started));
            List<Result> results = new ArrayList<>();
            for (Map.Entry<String, BiFunction<ConnectionSpec, ConnectionSpec, Boolean>> contender : contenders(inventory).entrySet()) {
                if (only.isEmpty() || only.stream().anyMatch(contender.getKey()::contains)) {
                    results.add(measure(contender.getKey(), from, expected, contender.getValue()));
                }
            }
            print(results, size);
        }
    }

    private Map<String, BiFunction<ConnectionSpec, ConnectionSpec, Boolean>> contenders(SourceInventory inventory) {
        Map<String, BiFunction<ConnectionSpec, ConnectionSpec, Boolean>> all = new LinkedHashMap<>();
        all.put("naive: pg_dump -Fc to a file, pg_restore (1 job)", (s, t) -> shell("pg_dump -Fc -f \"$W/redash.dump\" -d "
                + BenchSetup.quote(Libpq.conninfo(s)) + " && pg_restore --no-owner --no-acl --exit-on-error -d " + BenchSetup.quote(Libpq.conninfo(t))
                + " \"$W/redash.dump\""));
        all.put("stream, compressed: pg_dump -Fc | pg_restore", (s, t) -> shell("pg_dump -Fc -d " + BenchSetup.quote(Libpq.conninfo(s))
                + " | pg_restore --no-owner --no-acl --exit-on-error -d " + BenchSetup.quote(Libpq.conninfo(t))));
        // replicate's pipeline carries only the schema; its downtime is measured by MoveDatabaseReplicateSandboxTest
        for (MoveMethod method : java.util.EnumSet.complementOf(java.util.EnumSet.of(MoveMethod.REPLICATE))) {
            all.put("ferry " + method.id() + describe(method), (s, t) -> LocalExecution.run(DataMove.pipeline(s, t, inventory,
                    MoveOptions.defaults(work().toString()).with(method).withJobs(jobs)), line -> { }).ok());
        }
        if (Files.isExecutable(Path.of("/usr/bin/pgcopydb"))) {
            all.put("pgcopydb clone", (s, t) -> shell("pgcopydb clone --source " + BenchSetup.quote(Libpq.uri(s)) + " --target "
                    + BenchSetup.quote(Libpq.uri(t)) + " --dir \"$W/pgcopydb\" --table-jobs " + jobs + " --index-jobs " + jobs
                    + " --no-owner --no-acl >\"$W/pgcopydb.log\" 2>&1 || { tail -20 \"$W/pgcopydb.log\"; exit 1; }"));
        } else {
            System.out.println("pgcopydb not installed: apt-get install pgcopydb");
        }
        return all;
    }

    private String describe(MoveMethod method) {
        return switch (method) {
            case STREAM -> ": pg_dump -Fc -Z0 | pg_restore";
            case DIRECTORY -> ": pg_dump -Fd -j" + jobs + " -Z0, pg_restore -j" + jobs;
            case COPY -> ": schema, COPY | COPY x" + jobs + ", indexes -j" + jobs;
            case REPLICATE -> ": schema only";
        };
    }

    private Result measure(String name, ConnectionSpec from, Snapshot expected,
                           BiFunction<ConnectionSpec, ConnectionSpec, Boolean> move) throws SQLException {
        Path dir = base.resolve("target-" + Math.abs(name.hashCode()));
        try (LocalPostgres target = LocalPostgres.initialise(16, dir, LocalPostgres.freePort())) {
            try (Connection c = target.connect("postgres"); Statement st = c.createStatement()) {
                st.execute("create database redash");
            }
            ConnectionSpec to = new ConnectionSpec("127.0.0.1", target.port(), "redash", LocalPostgres.SUPERUSER, null);
            System.out.printf("%-58s ", name);
            System.out.flush();
            long started = System.nanoTime();
            boolean ok = move.apply(from, to);
            double seconds = BenchSetup.seconds(started);
            List<String> differences = SnapshotComparison.compare(expected, snapshots.snapshot(to));
            System.out.printf("%6.1f s  %s%n", seconds, ok && differences.isEmpty() ? "verified" : "FAILED " + differences);
            return new Result(name, seconds, ok, differences);
        } finally {
            BenchSetup.delete(dir);
        }
    }

    private static void print(List<Result> results, long size) {
        double naive = results.stream().filter(r -> r.name().startsWith("naive")).mapToDouble(Result::seconds).findFirst().orElse(Double.NaN);
        double pgcopydb = results.stream().filter(r -> r.name().startsWith("pgcopydb")).mapToDouble(Result::seconds).findFirst().orElse(Double.NaN);
        System.out.printf("%n%d MB, PostgreSQL 15 -> 16, %d cores, local -> local, load average now %s%n", size / (1 << 20),
                Runtime.getRuntime().availableProcessors(), BenchSetup.loadAverage());
        System.out.printf("| %-58s | %7s | %8s | %11s | %-8s |%n", "method", "wall s", "vs naive", "vs pgcopydb", "verified");
        System.out.printf("|%s|%s|%s|%s|%s|%n", "-".repeat(60), "-".repeat(9), "-".repeat(10), "-".repeat(13), "-".repeat(10));
        for (Result r : results) {
            System.out.printf("| %-58s | %7.1f | %7.2fx | %10.2fx | %-8s |%n", r.name().replace("|", "\\|"), r.seconds(), r.seconds() / naive,
                    r.seconds() / pgcopydb, r.ok() && r.differences().isEmpty() ? "yes" : "NO");
        }
        results.stream().filter(r -> r.ok() && r.differences().isEmpty()).min(Comparator.comparingDouble(Result::seconds))
                .ifPresent(r -> System.out.printf("fastest verified: %s (%.1f s)%n", r.name(), r.seconds()));
    }

    private boolean shell(String script) {
        return BenchSetup.shell(work(), script);
    }

    private Path work() {
        return base.resolve("ferry-work");
    }
}
