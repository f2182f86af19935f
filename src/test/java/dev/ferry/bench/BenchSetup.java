package dev.ferry.bench;

import dev.ferry.sandbox.local.LocalPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** What the benchmarks share: their options, a generated Redash-like source, shell steps, the machine's load. */
final class BenchSetup {
    private BenchSetup() {
    }

    /** Only warnings from ferry's own logging: the tables are the output (the tests' logback-test.xml says DEBUG). */
    static void quiet() {
        for (String name : List.of(org.slf4j.Logger.ROOT_LOGGER_NAME, "dev.ferry", "ferry")) {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(name)).setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }

    /** A new directory under {@code parent} that the unprivileged server user may enter. */
    static Path workDirectory(String parent) throws IOException, InterruptedException {
        Path base = Files.createTempDirectory(Path.of(parent), "ferry-bench-");
        new ProcessBuilder("chmod", "a+x", base.toString()).start().waitFor();
        return base;
    }

    /** Creates database {@code redash} on {@code source}, about {@code megabytes} on disk; returns its size in bytes. */
    static long generate(LocalPostgres source, int megabytes) throws SQLException {
        long started = System.nanoTime();
        try (Connection c = source.connect("postgres"); Statement st = c.createStatement()) {
            st.execute("create database redash");
        }
        try (Connection c = source.connect("redash"); Statement st = c.createStatement()) {
            RedashLikeDatabase.create(c, RedashLikeDatabase.Scale.ofMegabytes(megabytes));
            st.execute("vacuum analyze");
            try (ResultSet rs = st.executeQuery("select pg_database_size(current_database())")) {
                rs.next();
                System.out.printf("generated the source in %.1f s%n", seconds(started));
                return rs.getLong(1);
            }
        }
    }

    /** Runs {@code script} with $W set to {@code work} (emptied afterwards); prints its output when it fails. */
    static boolean shell(Path work, String script) {
        try {
            Files.createDirectories(work);
            Process p = new ProcessBuilder("sh", "-c", "W=" + quote(work.toString()) + "; " + script
                    + "; r=$?; rm -rf \"$W\"/*; exit $r").redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            int exit = p.waitFor();
            if (exit != 0) {
                System.out.println(output.strip());
            }
            return exit == 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }
}
