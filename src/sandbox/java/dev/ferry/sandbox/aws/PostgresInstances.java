package dev.ferry.sandbox.aws;

import dev.ferry.sandbox.local.DatabaseTls;
import dev.ferry.sandbox.local.LocalPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real PostgreSQL servers behind RDS instances: one cluster per instance, the master user and database created
 * as RDS does, password authentication on TCP (the sandbox keeps a superuser password of its own), and TLS with a
 * certificate from the sandbox's own authority ({@link DatabaseTls#sandbox()}) for the endpoint's names.
 */
final class PostgresInstances implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresInstances.class);

    private record Running(LocalPostgres server, String superuserPassword) {
    }

    private final Path base;
    private final Map<String, Running> servers = new ConcurrentHashMap<>();
    private final Set<Path> dataDirectories = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    PostgresInstances(Path base) {
        this.base = base;
    }

    /** Initialises and starts a cluster for {@code instanceId}; returns its port. Blocks for a few seconds. */
    int create(String instanceId, int major, String masterUser, String masterPassword, String database) {
        int port = LocalPostgres.freePort();
        Path data = base.resolve("rds-" + instanceId + "-" + Ids.hex(6)).resolve("data");
        dataDirectories.add(data);
        LocalPostgres server = LocalPostgres.initialise(major, data, port, DatabaseTls.sandbox());
        if (closed) {
            server.stop();
            throw new IllegalStateException("the sandbox closed while " + instanceId + " was being created");
        }
        String superuserPassword = Ids.hex(24);
        servers.put(instanceId, new Running(server, superuserPassword));
        try (Connection c = server.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + ident(masterUser) + " LOGIN CREATEDB CREATEROLE PASSWORD " + literal(masterPassword));
            grantSubscriptions(s, masterUser);
            if (database != null) {
                s.execute("CREATE DATABASE " + ident(database) + " OWNER " + ident(masterUser));
            }
            s.execute("ALTER ROLE postgres PASSWORD " + literal(superuserPassword));
            Files.writeString(data.resolve("pg_hba.conf"), "host all all 127.0.0.1/32 md5\nhost all all ::1/128 md5\n"
                    + "host replication all 127.0.0.1/32 md5\n");
            s.execute("SELECT pg_reload_conf()");
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot set up the master user of " + instanceId + ": " + e.getMessage(), e);
        }
        LOG.info("RDS instance {} is PostgreSQL {} on 127.0.0.1:{} ({})", instanceId, major, port, data);
        return port;
    }

    /**
     * RDS's rds_superuser may create subscriptions. The sandbox's source postgres trusts local connections (asks for
     * no password), which PostgreSQL allows a subscription only for a superuser: so here the master user is one.
     */
    private static void grantSubscriptions(Statement s, String masterUser) throws SQLException {
        s.execute("ALTER ROLE " + ident(masterUser) + " SUPERUSER");
    }

    void changePassword(String instanceId, String user, String password) {
        Running running = servers.get(instanceId);
        if (running == null) {
            return;
        }
        try (Connection c = superuser(running); Statement s = c.createStatement()) {
            s.execute("ALTER ROLE " + ident(user) + " PASSWORD " + literal(password));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot change the master password of " + instanceId, e);
        }
    }

    void stop(String instanceId) {
        Running running = servers.remove(instanceId);
        if (running != null) {
            running.server().stop();
            LOG.info("RDS instance {}: PostgreSQL on port {} stopped", instanceId, running.server().port());
        }
    }

    /** The postmaster pids of the servers running now. */
    Set<Long> pids() {
        return servers.values().stream().map(r -> pid(r.server().dataDirectory())).flatMap(Optional::stream)
                .collect(Collectors.toSet());
    }

    static Optional<Long> pid(Path dataDirectory) {
        try {
            return Optional.of(Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).strip()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Connection superuser(Running running) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", LocalPostgres.SUPERUSER);
        props.setProperty("password", running.superuserPassword());
        return DriverManager.getConnection(running.server().jdbcUrl("postgres"), props);
    }

    private static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    @Override
    public void close() {
        closed = true;
        for (String id : Set.copyOf(servers.keySet())) {
            try {
                stop(id);
            } catch (RuntimeException e) {
                LOG.warn("cannot stop the PostgreSQL of {}", id, e);
            }
        }
        dataDirectories.forEach(PostgresInstances::killLeftover);
    }

    /** A server whose start was interrupted has no {@link LocalPostgres}; stop it by its postmaster pid. */
    private static void killLeftover(Path dataDirectory) {
        pid(dataDirectory).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive).ifPresent(process -> {
            LOG.warn("stopping leftover PostgreSQL {} in {}", process.pid(), dataDirectory);
            process.destroy();
            try {
                process.onExit().get(15, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
            }
        });
    }

}
