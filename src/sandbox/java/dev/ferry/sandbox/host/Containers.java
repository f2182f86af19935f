package dev.ferry.sandbox.host;

import dev.ferry.FerryException;
import dev.ferry.sandbox.local.LocalPostgres;
import dev.ferry.sandbox.local.LocalRedis;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Starts and stops the local process behind a container, by image kind. */
final class Containers {
    private final AppProcessLauncher launcher;

    Containers(AppProcessLauncher launcher) {
        this.launcher = launcher;
    }

    /**
     * Starts {@code record}'s process; a process that fails the way the real image would (incompatible data
     * directory, failed upgrade) leaves an exited container with the reason in its log, as docker does.
     */
    ContainerRecord start(ComposeContext project, ContainerRecord record, Map<String, String> env,
                          Map<String, String> serviceAddresses) {
        ServiceImage image = ServiceImage.of(record.image());
        Path directory = Path.of(record.directory());
        try (PrintStream log = log(directory)) {
            try {
                long pid = switch (image.kind()) {
                    case POSTGRES, PGAUTOUPGRADE -> startPostgres(image, record, env, log,
                            serverSettings(project.file().service(record.service()).command()));
                    case REDIS -> LocalRedis.start(Path.of(record.dataDir()), record.port()).pid();
                    case APP -> launcher.launch(new AppProcessLauncher.AppContainer(project.name(), record.service(),
                            record.image(), project.file().service(record.service()).command(), env,
                            record.published().stream().collect(Collectors.toMap(ComposeFile.Port::containerPort,
                                    ComposeFile.Port::hostPort, (a, b) -> a)), serviceAddresses, directory));
                };
                return record.started(pid, record.port());
            } catch (FerryException | IllegalStateException | UncheckedIOException e) {
                log.println(e.getMessage());
                return record.exited(1);
            }
        }
    }

    /** The {@code -c name=value} settings of a compose {@code command: postgres -c ...}, as the image passes them on. */
    static List<String> serverSettings(List<String> command) {
        List<String> settings = new java.util.ArrayList<>();
        for (int i = 0; command != null && i + 1 < command.size(); i++) {
            if (command.get(i).equals("-c")) {
                settings.add(command.get(++i));
            }
        }
        return settings;
    }

    private static long startPostgres(ServiceImage image, ContainerRecord record, Map<String, String> env,
                                      PrintStream log, List<String> settings) {
        Path data = Path.of(record.dataDir());
        if (!Files.exists(data.resolve("PG_VERSION"))) {
            deleteEmpty(data);
            try (LocalPostgres fresh = LocalPostgres.initialise(image.major(), data, record.port())) {
                createDatabase(fresh, env.get("POSTGRES_DB"));
                log.println("PostgreSQL init process complete; ready for start up.");
            }
        }
        int have = LocalPostgres.majorOf(data);
        if (have != image.major()) {
            if (image.kind() != ServiceImage.Kind.PGAUTOUPGRADE || have > image.major()) {
                throw new IllegalStateException("FATAL:  database files are incompatible with server\nDETAIL:  The data"
                        + " directory was initialized by PostgreSQL version " + have + ", which is not compatible with"
                        + " this version " + image.major() + ".");
            }
            PostgresUpgrade.run(data, image.major(), log);
        }
        LocalPostgres.start(data, record.port(), settings);
        log.println("database system is ready to accept connections");
        return postmasterPid(data);
    }

    /** Fast shutdown for PostgreSQL (SIGINT, as {@code docker stop} gives the image's STOPSIGNAL), TERM for others. */
    static ContainerRecord stop(ContainerRecord record) {
        if (record.running()) {
            boolean postgres = ServiceImage.of(record.image()).postgres();
            Pids.stop(record.pid(), record.pidStart(), postgres ? "INT" : "TERM", Duration.ofSeconds(postgres ? 60 : 10));
            if (postgres) {
                awaitGone(Path.of(record.dataDir()).resolve("postmaster.pid"));
            }
        }
        return "running".equals(record.state()) ? record.exited(0) : record;
    }

    static Path log(ContainerRecord record) {
        return Path.of(record.directory()).resolve("container.log");
    }

    private static PrintStream log(Path directory) {
        try {
            Files.createDirectories(directory);
            return new PrintStream(Files.newOutputStream(directory.resolve("container.log"), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND), true, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void createDatabase(LocalPostgres pg, String name) {
        if (name == null || name.isBlank() || name.equals("postgres")) {
            return;
        }
        try (Connection c = pg.connect("postgres")) {
            c.createStatement().execute("create database \"" + name.replace("\"", "\"\"") + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
    }

    private static long postmasterPid(Path data) {
        try {
            List<String> lines = Files.readAllLines(data.resolve("postmaster.pid"));
            return Long.parseLong(lines.get(0).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL started but left no postmaster.pid in " + data, e);
        }
    }

    private static void deleteEmpty(Path directory) {
        try {
            if (Files.isDirectory(directory)) {
                try (var entries = Files.list(directory)) {
                    if (entries.findAny().isEmpty()) {
                        Files.delete(directory);
                        return;
                    }
                }
                throw new IllegalStateException("initdb: error: directory \"" + directory + "\" exists but is not empty"
                        + " and holds no PostgreSQL cluster");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitGone(Path file) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (Files.exists(file) && System.nanoTime() < deadline) {
            Pids.sleep(25);
        }
    }
}
