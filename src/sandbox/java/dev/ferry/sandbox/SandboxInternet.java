package dev.ferry.sandbox;

import dev.ferry.sandbox.local.HttpsProxy;
import dev.ferry.sandbox.aws.DnsAnswer;
import dev.ferry.sandbox.aws.SandboxAws;
import dev.ferry.step.HttpProbe;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * How a user's machine reaches the app in a rehearsal: names resolve through the sandbox's Route 53 zone (answers
 * cached for their TTL, as a resolver does), the ALB's DNS name leads to the sandbox ALB's HTTPS listener, and other
 * addresses in records (the EC2 host's public address) lead to HTTPS servers registered with {@link #serveHttps}.
 * Requests are real HTTPS on loopback: TLS with SNI, the certificate checked against the name asked for.
 */
public final class SandboxInternet implements AutoCloseable {
    private final SandboxAws aws;
    private final Map<String, InetSocketAddress> addresses = new ConcurrentHashMap<>();
    private final List<HttpsProxy> servers = new CopyOnWriteArrayList<>();

    public SandboxInternet(SandboxAws aws) {
        this.aws = aws;
        addresses.put(bare(aws.world().loadBalancer().dnsName()), aws.loadBalancerAddress());
    }

    /**
     * Serves HTTPS for {@code address} (as it appears in a DNS record, e.g. the EC2 host's public IP) in front of the
     * plain-HTTP app on 127.0.0.1:{@code upstreamPort}, like the host's nginx with its certificate.
     */
    public void serveHttps(String address, int upstreamPort) {
        HttpsProxy front = HttpsProxy.start(aws.tls(), (host, path) -> HttpsProxy.Route.to("127.0.0.1:" + upstreamPort),
                Duration.ofSeconds(30));
        servers.add(front);
        addresses.put(bare(address), front.address());
    }

    /** A new client with an empty DNS cache. */
    public Client client() {
        return new Client();
    }

    /** A probe for verify-temporary-domain that resolves afresh on every call. */
    public HttpProbe probe() {
        return (uri, timeout) -> client().get(uri, timeout);
    }

    /** One user's machine: a caching stub resolver and an HTTPS client. */
    public final class Client {
        private final Map<String, Cached> cache = new ConcurrentHashMap<>();

        private record Cached(InetSocketAddress address, Instant until) {
        }

        /** {@code GET uri} over HTTPS; returns the status code; fails with an IOException as a browser would. */
        public int get(URI uri, Duration timeout) throws IOException {
            String host = uri.getHost().toLowerCase(Locale.ROOT);
            InetSocketAddress address = resolve(host);
            Socket plain = new Socket();
            plain.connect(address, (int) timeout.toMillis());
            plain.setSoTimeout((int) timeout.toMillis());
            try (SSLSocket socket = (SSLSocket) aws.tls().clientContext().getSocketFactory()
                    .createSocket(plain, host, 443, true)) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                parameters.setServerNames(List.of(new SNIHostName(host)));
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
                OutputStream out = socket.getOutputStream();
                out.write(("GET " + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) + " HTTP/1.1\r\n"
                        + "Host: " + host + "\r\nUser-Agent: ferry-sandbox\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
                String status = in.readLine();
                if (status == null || !status.startsWith("HTTP/1.")) {
                    throw new IOException("no HTTP response from " + host + " (" + address + "): " + status);
                }
                while (in.read() >= 0) {
                    // read to the end so the server sees the whole exchange
                }
                return Integer.parseInt(status.split(" ")[1]);
            }
        }

        /** The address {@code name} leads to now, from the cache while its TTL lasts. */
        public InetSocketAddress resolve(String name) throws UnknownHostException {
            Cached cached = cache.get(name);
            if (cached != null && Instant.now().isBefore(cached.until())) {
                return cached.address();
            }
            DnsAnswer answer = aws.resolve(name).orElseThrow(() -> new UnknownHostException(name + ": NXDOMAIN"));
            InetSocketAddress address = addresses.get(bare(answer.values().get(0)));
            if (address == null) {
                throw new UnknownHostException(name + " resolves to " + answer.values() + ", which nothing in the"
                        + " sandbox serves");
            }
            cache.put(name, new Cached(address, Instant.now().plusSeconds(answer.ttl())));
            return address;
        }
    }

    private static String bare(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    @Override
    public void close() {
        servers.forEach(HttpsProxy::close);
    }
}
