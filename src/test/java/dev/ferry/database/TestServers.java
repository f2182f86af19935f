package dev.ferry.database;

import dev.ferry.bench.RedashLikeDatabase;
import dev.ferry.step.DatabasePorts.ConnectionSpec;
import dev.ferry.sandbox.local.LocalPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real PostgreSQL servers shared by the database tests (one per major, started once per JVM). The 16 server plays RDS:
 * the move connects to it as {@code ferry_app}, a non-superuser database owner that must authenticate with a password
 * (scram-sha-256), so the password file is really exercised. Sources are reached as the superuser {@code postgres}.
 */
final class TestServers {
    static final String APP_USER = "ferry_app";
    static final String APP_PASSWORD = "Pl4nted:S3cret\\pw'x";
    static final String SOURCE_PASSWORD = "src-Pl4nted-S3cret";

    private static final Map<Integer, LocalPostgres> SERVERS = new HashMap<>();
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static Path base;

    private TestServers() {
    }

    static synchronized LocalPostgres server(int major) {
        return SERVERS.computeIfAbsent(major, TestServers::startServer);
    }

    /** A new empty database on the source server of {@code major}, reached as the superuser. */
    static ConnectionSpec sourceDatabase(int major) {
        LocalPostgres pg = server(major);
        String name = "src" + DATABASES.incrementAndGet();
        execute(pg, "postgres", "create database " + name);
        return new ConnectionSpec("127.0.0.1", pg.port(), name, LocalPostgres.SUPERUSER, SOURCE_PASSWORD);
    }

    /** A new empty database on the 16 "RDS" server, owned by and reached as {@code ferry_app} with its password. */
    static ConnectionSpec targetDatabase() {
        LocalPostgres pg = server(16);
        String name = "rds" + DATABASES.incrementAndGet();
        execute(pg, "postgres", "create database " + name + " owner " + APP_USER);
        return new ConnectionSpec("127.0.0.1", pg.port(), name, APP_USER, APP_PASSWORD);
    }

    private static final Map<Integer, ConnectionSpec> SHARED = new HashMap<>();

    /** A small seeded Redash-like database per major, shared by the tests that only read from their source. */
    static synchronized ConnectionSpec sharedSource(int major) {
        return SHARED.computeIfAbsent(major, m -> seededSource(m, RedashLikeDatabase.Scale.small()));
    }

    static ConnectionSpec seededSource(int major, RedashLikeDatabase.Scale scale) {
        ConnectionSpec spec = sourceDatabase(major);
        try (Connection c = Jdbc.open(spec)) {
            RedashLikeDatabase.create(c, scale);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return spec;
    }

    static void execute(ConnectionSpec spec, String... sql) {
        try (Connection c = Jdbc.open(spec); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path workDirectory(String name) {
        return baseDirectory().resolve("ferry-" + name + "-" + DATABASES.incrementAndGet());
    }

    private static void execute(LocalPostgres pg, String database, String sql) {
        try (Connection c = pg.connect(database); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static LocalPostgres startServer(int major) {
        LocalPostgres pg = LocalPostgres.initialise(major, baseDirectory().resolve("pg" + major), LocalPostgres.freePort());
        if (major == 16) {
            requirePasswordForAppUser(pg);
        }
        return pg;
    }

    private static void requirePasswordForAppUser(LocalPostgres pg) {
        try {
            Path hba = pg.dataDirectory().resolve("pg_hba.conf");
            Files.writeString(hba, "host all " + APP_USER + " 127.0.0.1/32 scram-sha-256\n" + Files.readString(hba));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        execute(pg, "postgres", "create role " + APP_USER + " login createdb password '" + APP_PASSWORD.replace("'", "''") + "'");
        execute(pg, "postgres", "select pg_reload_conf()");
    }

    private static synchronized void stopAll() {
        SERVERS.values().forEach(LocalPostgres::stop);
        try (var paths = Files.walk(base)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // leave it for the next tmp cleanup
        }
    }

    private static synchronized Path baseDirectory() {
        if (base == null) {
            try {
                base = Files.createTempDirectory(Path.of("/tmp"), "ferry-db-test-");
                new ProcessBuilder("chmod", "a+x", base.toString()).start().waitFor();
                Runtime.getRuntime().addShutdownHook(new Thread(TestServers::stopAll));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return base;
    }
}
