package dev.ferry.sandbox.host;

import dev.ferry.sandbox.local.LocalPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A Redash installation on a {@link SandboxHost}, laid out like Redash's setup script does it: {@code /opt/redash}
 * with {@code docker-compose.yml} (version "2", a YAML anchor shared by the app services) and {@code env}, and a
 * PostgreSQL 12 database holding a Redash-like schema with a few thousand rows.
 *
 * @param directory the sandbox path of {@code /opt/redash}
 */
public record RedashSandbox(SandboxHost host, Path directory, String postgresPassword) {
    public static final String POSTGRES_IMAGE = "postgres:12-alpine";

    /** Writes the compose and env files (random secrets; the web ports are free ports of this machine). */
    public static RedashSandbox layDown(SandboxHost host) {
        Path directory = host.path("/opt/redash");
        String password = secret(16);
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("docker-compose.yml"), compose(directory, LocalPostgres.freePort(),
                    LocalPostgres.freePort()));
            Files.writeString(directory.resolve("env"), "PYTHONUNBUFFERED=0\n"
                    + "REDASH_LOG_LEVEL=INFO\n"
                    + "REDASH_REDIS_URL=redis://redis:6379/0\n"
                    + "POSTGRES_PASSWORD=" + password + "\n"
                    + "REDASH_COOKIE_SECRET=" + secret(32) + "\n"
                    + "REDASH_SECRET_KEY=" + secret(32) + "\n"
                    + "REDASH_DATABASE_URL=postgresql://postgres:" + password + "@postgres/postgres\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay down Redash in " + directory, e);
        }
        return new RedashSandbox(host, directory, password);
    }

    /** Lays down the files, starts postgres and redis with the docker stand-in, and loads the seed data. */
    public static RedashSandbox seed(SandboxHost host) {
        return seed(host, POSTGRES_IMAGE);
    }

    /** The same, with another postgres image in the compose file, e.g. {@code postgres:15-alpine}. */
    public static RedashSandbox seed(SandboxHost host, String postgresImage) {
        RedashSandbox redash = layDown(host);
        try {
            Files.writeString(redash.composeFile(), Files.readString(redash.composeFile())
                    .replace("    image: " + POSTGRES_IMAGE + "\n", "    image: " + postgresImage + "\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        redash.docker("up -d postgres redis").orThrow("docker compose up -d postgres redis");
        redash.docker("exec -T postgres psql -v ON_ERROR_STOP=1 -q -d postgres", seedSql())
                .orThrow("seeding the Redash database");
        return redash;
    }

    /** Runs {@code docker compose -f <compose file> ARGS} on the host's console. */
    public SandboxHost.ConsoleResult docker(String arguments) {
        return docker(arguments, "");
    }

    public SandboxHost.ConsoleResult docker(String arguments, String stdin) {
        return host.console("docker compose -f " + composeFile() + " " + arguments, stdin);
    }

    public Path composeFile() {
        return directory.resolve("docker-compose.yml");
    }

    public Path envFile() {
        return directory.resolve("env");
    }

    public Path postgresData() {
        return directory.resolve("postgres-data");
    }

    /** The tables the seed fills, in dependency order. */
    public static java.util.List<String> tables() {
        return java.util.List.of("organizations", "users", "data_sources", "queries", "query_results",
                "visualizations", "dashboards", "widgets", "events");
    }

    private static String compose(Path directory, int serverPort, int nginxPort) {
        return """
                version: "2"
                x-redash-service: &redash-service
                  image: redash/redash:10.1.0.b50633
                  depends_on:
                    - postgres
                    - redis
                  env_file: %1$s/env
                  restart: always
                services:
                  server:
                    <<: *redash-service
                    command: server
                    ports:
                      - "%2$d:5000"
                    environment:
                      REDASH_WEB_WORKERS: 4
                  scheduler:
                    <<: *redash-service
                    command: scheduler
                  scheduled_worker:
                    <<: *redash-service
                    command: worker
                    environment:
                      QUEUES: "scheduled_queries,schemas"
                      WORKERS_COUNT: 1
                  adhoc_worker:
                    <<: *redash-service
                    command: worker
                    environment:
                      QUEUES: "queries"
                      WORKERS_COUNT: 2
                  worker:
                    <<: *redash-service
                    command: worker
                    environment:
                      QUEUES: "periodic emails default"
                      WORKERS_COUNT: 1
                  redis:
                    image: redis:7-alpine
                    restart: always
                  postgres:
                    image: %4$s
                    env_file: %1$s/env
                    volumes:
                      - %1$s/postgres-data:/var/lib/postgresql/data
                    restart: always
                  nginx:
                    image: redash/nginx:latest
                    ports:
                      - "%3$d:80"
                    depends_on:
                      - server
                    links:
                      - server:redash
                    restart: always
                """.formatted(directory, serverPort, nginxPort, POSTGRES_IMAGE);
    }

    static String seedSql() {
        try (InputStream in = RedashSandbox.class.getResourceAsStream("redash-seed.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("redash-seed.sql is missing from the classpath", e);
        }
    }

    private static String secret(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
