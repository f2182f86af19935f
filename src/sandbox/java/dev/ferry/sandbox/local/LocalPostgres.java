package dev.ferry.sandbox.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;

/**
 * A real PostgreSQL server of one major, run as a local process on 127.0.0.1 with trust authentication for the
 * sandbox. {@link #initialise} creates a cluster; {@link #start} runs an existing one (the data directory keeps its
 * major, so an upgrade is a new cluster plus a data copy).
 */
public final class LocalPostgres implements AutoCloseable {
    public static final String SUPERUSER = "postgres";

    private final int major;
    private final Path dataDirectory;
    private final int port;
    private final Path bin;

    private LocalPostgres(int major, Path dataDirectory, int port) {
        this.major = major;
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.bin = PostgresBinaries.binDirectory(major);
    }

    /** Creates a new cluster of {@code major} in {@code dataDirectory} (must not exist yet) and starts it. */
    public static LocalPostgres initialise(int major, Path dataDirectory, int port) {
        LocalPostgres pg = new LocalPostgres(major, dataDirectory, port);
        pg.initdb();
        pg.startServer(List.of());
        return pg;
    }

    /**
     * Like {@link #initialise(int, Path, int)}, serving TLS with {@code tls}'s certificate ({@code ssl=on}; clients
     * without TLS are still accepted, as RDS accepts them unless {@code rds.force_ssl} is set).
     */
    public static LocalPostgres initialise(int major, Path dataDirectory, int port, DatabaseTls tls) {
        LocalPostgres pg = new LocalPostgres(major, dataDirectory, port);
        pg.initdb();
        pg.installTls(tls);
        pg.startServer(List.of("ssl=on"));
        return pg;
    }

    /** Starts the existing cluster in {@code dataDirectory}; its major is read from PG_VERSION. */
    public static LocalPostgres start(Path dataDirectory, int port) {
        return start(dataDirectory, port, List.of());
    }

    /** Like {@link #start(Path, int)} with server settings ({@code name=value}), as {@code postgres -c} takes them. */
    public static LocalPostgres start(Path dataDirectory, int port, List<String> settings) {
        LocalPostgres pg = new LocalPostgres(majorOf(dataDirectory), dataDirectory, port);
        pg.startServer(settings);
        return pg;
    }

    public static int majorOf(Path dataDirectory) {
        try {
            String version = Files.readString(dataDirectory.resolve("PG_VERSION")).strip();
            return (int) Double.parseDouble(version.startsWith("9.") ? "9" : version);
        } catch (IOException e) {
            throw new UncheckedIOException("not a PostgreSQL data directory: " + dataDirectory, e);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int major() {
        return major;
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", SUPERUSER);
        return DriverManager.getConnection(jdbcUrl(database), props);
    }

    /** A copy of this major's freshly initialised cluster: initdb runs once per major and machine (see {@link #template}). */
    private void initdb() {
        try {
            Path parent = dataDirectory.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            openUp(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dataDirectory, e);
        }
        ProcessRunner.check(List.of("cp", "-a", template(bin).toString(), dataDirectory.toString()), null);
    }

    /**
     * The cluster initdb makes for {@code bin}'s major with the sandbox's settings, kept beside the binaries: the
     * sandboxes and tests create hundreds of clusters, and initdb is a second of CPU each while a copy is a tenth.
     * Made under a name of its own and renamed into place, so concurrent test forks never see half of one.
     */
    private static Path template(Path bin) {
        Path template = bin.getParent().resolve("initdb-template-trust-utf8-c");
        if (Files.exists(template.resolve("PG_VERSION"))) {
            return template;
        }
        Path fresh = bin.getParent().resolve("initdb-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try {
            Files.createDirectory(fresh);
            openUp(bin.getParent());
            ownByServerUser(fresh);
            ProcessRunner.check(ProcessRunner.asUnprivileged(List.of(bin.resolve("initdb").toString(), "-D",
                    fresh.toString(), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8", "--locale=C")), null);
            Files.move(fresh, template, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!Files.exists(template.resolve("PG_VERSION"))) {
                throw new UncheckedIOException("cannot make the initdb template " + template, e);
            }
            ProcessRunner.check(List.of("rm", "-rf", fresh.toString()), null); // another fork made it first
        }
        return template;
    }

    /** server.crt and server.key in the data directory (PostgreSQL's default paths), the key readable by the server only. */
    private void installTls(DatabaseTls tls) {
        try {
            Path certificate = dataDirectory.resolve("server.crt");
            Path key = dataDirectory.resolve("server.key");
            Files.copy(tls.certificate(), certificate, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(tls.key(), key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            ownByServerUser(certificate);
            ownByServerUser(key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the TLS certificate in " + dataDirectory, e);
        }
    }

    private void startServer(List<String> settings) {
        StringBuilder options = new StringBuilder("-c listen_addresses=127.0.0.1 -c port=" + port
                + " -c unix_socket_directories='' -c fsync=off -c full_page_writes=off -c max_connections=60");
        settings.stream().filter(kv -> kv.matches("[a-z_.]+=[A-Za-z0-9_.]+")).forEach(kv -> options.append(" -c ").append(kv));
        ProcessRunner.check(ProcessRunner.asUnprivileged(List.of(bin.resolve("pg_ctl").toString(), "-D",
                dataDirectory.toString(), "-o", options.toString(), "-l", dataDirectory.resolve("server.log").toString(),
                "-w", "-t", "60", "start")), null);
    }

    /** Stops the server (fast shutdown); idempotent. */
    public void stop() {
        if (Files.exists(dataDirectory.resolve("postmaster.pid"))) {
            ProcessRunner.check(ProcessRunner.asUnprivileged(List.of(bin.resolve("pg_ctl").toString(), "-D",
                    dataDirectory.toString(), "-m", "fast", "-w", "-t", "60", "stop")), null);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static void openUp(Path directory) {
        ProcessRunner.check(List.of("chmod", "a+x", directory.toString()), null);
    }

    private static void ownByServerUser(Path directory) {
        if ("root".equals(System.getProperty("user.name"))) {
            ProcessRunner.check(List.of("chown", "nobody:nogroup", directory.toString()), null);
        }
    }
}
