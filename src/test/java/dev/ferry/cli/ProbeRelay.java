package dev.ferry.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ferry.step.HttpProbe;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Lets a ferry process started by a test reach the rehearsal's sandbox internet (its DNS lives in the test's JVM):
 * the test serves {@code GET /probe?uri=..&ms=..} on loopback and answers with the status the sandbox client got,
 * or 502 with the error a browser would have seen.
 */
final class ProbeRelay implements AutoCloseable {
    private final HttpServer server;

    private ProbeRelay(HttpServer server) {
        this.server = server;
    }

    static ProbeRelay serve(HttpProbe probe) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/probe", exchange -> answer(exchange, probe));
        server.start();
        return new ProbeRelay(server);
    }

    URI address() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/probe");
    }

    /** The probe a child process uses: relays each GET to {@code relay}. */
    static HttpProbe client(URI relay) {
        HttpClient http = HttpClient.newHttpClient();
        return (uri, timeout) -> {
            URI call = URI.create(relay + "?ms=" + timeout.toMillis() + "&uri="
                    + URLEncoder.encode(uri.toString(), StandardCharsets.UTF_8));
            HttpResponse<String> reply = http.send(HttpRequest.newBuilder(call).timeout(timeout.plusSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (reply.statusCode() != 200) {
                throw new IOException(reply.body());
            }
            return Integer.parseInt(reply.body().strip());
        };
    }

    private static void answer(HttpExchange exchange, HttpProbe probe) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        String uri = null;
        long ms = 5000;
        for (String pair : query.split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv[0].equals("uri")) {
                uri = URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
            } else if (kv[0].equals("ms")) {
                ms = Long.parseLong(kv[1]);
            }
        }
        int status;
        String body;
        try {
            body = String.valueOf(probe.get(URI.create(uri), Duration.ofMillis(ms)));
            status = 200;
        } catch (IOException | RuntimeException e) {
            body = e.getClass().getSimpleName() + ": " + e.getMessage();
            status = 502;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            body = "interrupted";
            status = 502;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
