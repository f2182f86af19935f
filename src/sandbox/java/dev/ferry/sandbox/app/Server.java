package dev.ferry.sandbox.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/** Serves {@code GET /ping}: 200 "PONG." when both the database and Redis answer, 503 naming which did not. */
final class Server implements Runnable {
    private final AppEnvironment env;
    private final Records records;
    private final AtomicBoolean running;

    Server(AppEnvironment env, Records records, AtomicBoolean running) {
        this.env = env;
        this.records = records;
        this.running = running;
    }

    @Override
    public void run() {
        try (Backends backends = new Backends(env)) {
            HttpServer http = HttpServer.create(new InetSocketAddress("0.0.0.0", env.port()), 64);
            http.setExecutor(Executors.newFixedThreadPool(4));
            http.createContext("/", exchange -> answer(exchange, backends));
            http.start();
            while (running.get()) {
                StandInApp.pause(200);
            }
            http.stop(1);
        } catch (IOException e) {
            records.write("error", null, "cannot listen on " + env.port() + ": " + e.getMessage());
            throw new IllegalStateException(e);
        }
    }

    private void answer(HttpExchange exchange, Backends backends) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!path.equals("/ping") && !path.equals("/")) {
            send(exchange, 404, "not found");
            return;
        }
        try {
            backends.ping();
            send(exchange, 200, "PONG.");
        } catch (Exception e) {
            backends.reset();
            records.write("failed-request", null, Records.describe(e));
            send(exchange, 503, "unavailable: " + e.getClass().getSimpleName());
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
