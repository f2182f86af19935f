package dev.ferry.sandbox.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local HTTP endpoint the SDK clients talk to. Routes each request by the service named in the SigV4
 * credential scope of its {@code Authorization} header; signatures are not verified.
 */
final class AwsEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AwsEndpoint.class);
    private static final Pattern SCOPE = Pattern.compile("Credential=[^/]+/\\d{8}/[^/]+/([^/]+)/aws4_request");

    private final HttpServer server;
    private final ExecutorService threads;
    private final Map<String, Protocol> services = new HashMap<>();

    AwsEndpoint(List<Protocol> protocols) {
        protocols.forEach(p -> services.put(p.signingName(), p));
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the sandbox AWS endpoint", e);
        }
        threads = Executors.newFixedThreadPool(12, r -> {
            Thread t = new Thread(r, "sandbox-aws-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            HttpCall call = read(exchange);
            Reply reply = route(call);
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            exchange.getResponseHeaders().set("x-amzn-RequestId", Ids.requestId());
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
            if (reply.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(reply.body());
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("sandbox endpoint failed to answer {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        }
    }

    private Reply route(HttpCall call) {
        String authorization = call.header("authorization");
        Matcher m = SCOPE.matcher(authorization == null ? "" : authorization);
        Protocol protocol = m.find() ? services.get(m.group(1)) : null;
        if (protocol == null) {
            String service = m.find(0) ? m.group(1) : "(unsigned)";
            return ErrorReplies.query("", new AwsException(400, "UnrecognizedClientException",
                    "the sandbox does not serve " + service));
        }
        return protocol.serve(call);
    }

    private static HttpCall read(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        byte[] body = exchange.getRequestBody().readAllBytes();
        URI uri = exchange.getRequestURI();
        return new HttpCall(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(), headers, body);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
