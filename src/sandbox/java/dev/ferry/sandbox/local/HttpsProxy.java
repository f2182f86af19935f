package dev.ferry.sandbox.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;

/**
 * An HTTPS server on 127.0.0.1 that terminates TLS and forwards each request over plain HTTP to the upstream its
 * {@code router} picks from the request's host and path, like an ALB listener or an nginx in front of an app. A
 * router answers either an upstream {@code host:port} or a fixed status; an upstream that refuses the connection
 * makes a 502 and one that does not answer in time a 504, as load balancers report them.
 */
public final class HttpsProxy implements AutoCloseable {
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "te",
            "trailer", "upgrade", "host", "content-length");

    /** Where a request goes: {@code upstream} ({@code host:port}) or, when null, {@code status} with {@code body}. */
    public record Route(String upstream, int status, String body) {
        public static Route to(String upstream) {
            return new Route(upstream, 0, null);
        }

        public static Route fixed(int status, String body) {
            return new Route(null, status, body);
        }
    }

    private final HttpsServer server;
    private final ExecutorService threads;
    private final BiFunction<String, String, Route> router;
    private final Duration timeout;

    private HttpsProxy(HttpsServer server, ExecutorService threads, BiFunction<String, String, Route> router,
                       Duration timeout) {
        this.server = server;
        this.threads = threads;
        this.router = router;
        this.timeout = timeout;
    }

    /** Starts on a free port; {@code router} gets the request's host (lower case, no port) and path. */
    public static HttpsProxy start(SandboxTls tls, BiFunction<String, String, Route> router, Duration timeout) {
        try {
            HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
            server.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
            ExecutorService threads = Executors.newFixedThreadPool(16, r -> {
                Thread t = new Thread(r, "sandbox-https-proxy");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(threads);
            HttpsProxy proxy = new HttpsProxy(server, threads, router, timeout);
            server.createContext("/", proxy::handle);
            server.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a sandbox HTTPS listener", e);
        }
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String host = hostOf(exchange.getRequestHeaders().getFirst("Host"));
            URI uri = exchange.getRequestURI();
            Route route = router.apply(host, uri.getPath());
            if (route.upstream() == null) {
                send(exchange, route.status(), route.body());
                return;
            }
            forward(exchange, route.upstream(), uri, host);
        }
    }

    private void forward(HttpExchange exchange, String upstream, URI uri, String host) throws IOException {
        HttpURLConnection connection;
        byte[] requestBody;
        try (InputStream in = exchange.getRequestBody()) {
            requestBody = in.readAllBytes();
        }
        try {
            String target = "http://" + upstream + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            connection = (HttpURLConnection) URI.create(target).toURL().openConnection();
            connection.setInstanceFollowRedirects(false);
            connection.setConnectTimeout((int) Math.min(timeout.toMillis(), 2000));
            connection.setReadTimeout((int) timeout.toMillis());
            connection.setRequestMethod(exchange.getRequestMethod());
            for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
                if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                    header.getValue().forEach(v -> connection.addRequestProperty(header.getKey(), v));
                }
            }
            connection.setRequestProperty("X-Forwarded-Host", host);
            connection.setRequestProperty("X-Forwarded-Proto", "https");
            connection.setRequestProperty("X-Forwarded-For", exchange.getRemoteAddress().getAddress().getHostAddress());
            if (requestBody.length > 0) {
                connection.setDoOutput(true);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(requestBody);
                }
            }
            int status = connection.getResponseCode();
            InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            byte[] bytes = body == null ? new byte[0] : body.readAllBytes();
            connection.getHeaderFields().forEach((name, values) -> {
                if (name != null && !HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (SocketTimeoutException e) {
            send(exchange, 504, "504 Gateway Time-out");
        } catch (IOException e) {
            send(exchange, 502, "502 Bad Gateway");
        }
    }

    private static String hostOf(String header) {
        if (header == null) {
            return "";
        }
        String h = header.strip().toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        return colon > 0 && !h.endsWith("]") ? h.substring(0, colon) : h;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = (body == null ? "" : body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
