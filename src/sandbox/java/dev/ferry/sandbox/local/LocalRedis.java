package dev.ferry.sandbox.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real Redis server (the binary shipped in the embedded-redis jar) as a local process on 127.0.0.1. */
public final class LocalRedis implements AutoCloseable {
    private static final String BINARY = "redis-server-6.2.6-v5-linux-amd64";
    private static final Path CACHE = Path.of(System.getProperty("java.io.tmpdir"), "ferry-redis", BINARY);

    private final Process process;
    private final int port;

    private LocalRedis(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts Redis on {@code port} with {@code directory} as its working directory; waits until it accepts connections. */
    public static LocalRedis start(Path directory, int port) {
        return start(directory, port, null);
    }

    /** As {@link #start(Path, int)}, requiring {@code password} (AUTH) when it is not null; it goes in a 0600 config file. */
    public static LocalRedis start(Path directory, int port, String password) {
        try {
            Files.createDirectories(directory);
            List<String> command = new java.util.ArrayList<>(List.of(binary().toString()));
            if (password != null) {
                Path config = directory.resolve("redis.conf");
                Files.writeString(config, "requirepass \"" + password.replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n");
                Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                command.add(config.toString());
            }
            command.addAll(List.of("--port", String.valueOf(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory.toString()));
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("redis.log").toFile())
                    .start();
            LocalRedis redis = new LocalRedis(process, port);
            redis.awaitReady();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start redis on port " + port, e);
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("redis exited with " + process.exitValue() + " on port " + port);
                }
                sleep();
            }
        }
        throw new IllegalStateException("redis did not accept connections on port " + port + " within 20 s");
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static synchronized Path binary() throws IOException {
        if (Files.isExecutable(CACHE)) {
            return CACHE;
        }
        Files.createDirectories(CACHE.getParent());
        Path staging = Files.createTempFile(CACHE.getParent(), "redis-", ".tmp");
        try (InputStream in = LocalRedis.class.getResourceAsStream("/" + BINARY)) {
            if (in == null) {
                throw new IOException("the embedded-redis jar with " + BINARY + " is not on the classpath");
            }
            Files.copy(in, staging, StandardCopyOption.REPLACE_EXISTING);
        }
        staging.toFile().setExecutable(true, false);
        Files.move(staging, CACHE, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return CACHE;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
