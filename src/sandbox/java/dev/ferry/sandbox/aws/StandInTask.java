package dev.ferry.sandbox.aws;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The minimal process behind a sandbox ECS task: answers every HTTP GET on 127.0.0.1:$PORT with 200 and its task id
 * (so load balancer health checks on any path pass) and exits on SIGTERM. JDK classes only, so its class path is one
 * directory or jar.
 */
public final class StandInTask {
    private StandInTask() {
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        String taskId = System.getenv().getOrDefault("FERRY_TASK_ID", "unknown");
        String healthPath = System.getenv().getOrDefault("HEALTH_PATH", "/");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        server.createContext("/", exchange -> {
            byte[] body = (taskId + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.getResponseHeaders().set("X-Health-Path", healthPath);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
        server.start();
        System.out.println("stand-in task " + taskId + " listening on 127.0.0.1:" + port);
    }
}
