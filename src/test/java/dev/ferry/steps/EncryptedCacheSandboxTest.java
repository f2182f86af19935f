package dev.ferry.steps;

import static dev.ferry.testing.FerryCli.ferry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ferry.aws.AwsSettings;
import dev.ferry.aws.TaggedInventory;
import dev.ferry.sandbox.host.RedashSandbox;
import dev.ferry.sandbox.local.SandboxTls;
import dev.ferry.step.AwsPorts;
import dev.ferry.testing.FerryCli.Result;
import dev.ferry.wiring.Wiring;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A plan with {@code engine: valkey} and TLS in transit, through the CLI against the sandbox: provision creates a
 * replication group with an AUTH token generated into SSM, repoint-redis gives the app a {@code rediss://} URL, the
 * stand-in app's processes reach the cache over TLS with AUTH, a client without TLS or without the token is refused,
 * rollback drains the cache over TLS, and the token appears in no output, state, journal or log.
 */
class EncryptedCacheSandboxTest {
    private static final String PLAN = "sbx-valkey";
    private static Path root;
    private static Path plan;
    private static EncryptedCacheWorld world;
    private static RedashSandbox redash;
    private static AwsPorts ports;
    private static Wiring wiring;
    private static AwsSettings settings;
    private static final List<String> outputs = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        world = EncryptedCacheWorld.start(PLAN, "");
        root = world.root();
        plan = world.plan();
        redash = world.redash();
        ports = world.ports();
        wiring = world.wiring();
        settings = world.settings();
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @Test
    void theAppReachesValkeyOverTlsWithTheTokenAndNothingShowsIt() throws Exception {
        ok(ferry(wiring, "run", plan.toString(), "--yes", "--until", "provision"));
        assertThat(TaggedInventory.of(settings, PLAN)).anyMatch(r -> r.startsWith("elasticache replication-group " + PLAN))
                .noneMatch(r -> r.startsWith("elasticache cluster "));
        String token = ports.readSecureParameter("/ferry/" + PLAN + "/CACHE_AUTH_TOKEN").orElseThrow();
        assertThat(token).matches("[A-Za-z0-9_-]{64}");
        String url = ports.readSecureParameter("/ferry/" + PLAN + "/REDASH_REDIS_URL").orElseThrow();
        assertThat(url).startsWith("rediss://:" + token + "@127.0.0.1:").endsWith("/0");
        int port = Integer.parseInt(url.replaceAll(".*@127\\.0\\.0\\.1:(\\d+)/0$", "$1"));

        ok(ferry(wiring, "run", plan.toString(), "--yes", "--until", "repoint-redis"));
        assertThat(Files.readString(redash.envFile())).contains("REDASH_REDIS_URL=" + url);
        try (Jedis cache = tls(port, token)) {
            assertThat(cache.ping()).isEqualTo("PONG");
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (clients(cache) < 2 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(clients(cache)).as("the app's processes are connected to the cache").isGreaterThanOrEqualTo(2);
        }
        assertThat(catchThrowable(() -> {
            try (Jedis wrong = tls(port, null)) {
                wrong.get("x");
            }
        })).as("TLS without the token").hasMessageContaining("NOAUTH");
        assertThat(plainAnswer(port)).as("no TLS: the handshake fails and the connection is dropped").isEmpty();

        ok(ferry(wiring, "rollback", plan.toString(), "--last", "--yes"));
        assertThat(Files.readString(redash.envFile())).contains("REDASH_REDIS_URL=redis://redis:6379/0");
        ok(ferry(wiring, "rollback", plan.toString(), "--last", "--yes"));
        assertThat(TaggedInventory.of(settings, PLAN)).as("rollback leaves nothing of the plan").isEmpty();

        List<String> texts = new ArrayList<>(outputs);
        try (Stream<Path> files = Files.walk(root.resolve(".ferry"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                texts.add(Files.readString(f, StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(texts).hasSizeGreaterThan(6).allSatisfy(text -> assertThat(text).doesNotContain(token));
    }

    private static Jedis tls(int port, String token) {
        SSLParameters verify = new SSLParameters();
        verify.setEndpointIdentificationAlgorithm("HTTPS");
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder().timeoutMillis(3000).ssl(true)
                .sslSocketFactory(SandboxTls.cache().clientContext().getSocketFactory()).sslParameters(verify);
        if (token != null) {
            config.password(token);
        }
        return new Jedis(new HostAndPort("127.0.0.1", port), config.build());
    }

    private static long clients(Jedis cache) {
        return cache.clientList().lines().filter(l -> !l.isBlank()).count() - 1;
    }

    /** What a plain (non-TLS) client reads back after PING. */
    private static String plainAnswer(int port) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(3000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[64];
            int n = in.read(buffer);
            String answer = n < 0 ? "" : new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
            return answer.contains("PONG") ? answer : "";
        } catch (java.net.SocketException reset) {
            return "";
        }
    }

    private static void ok(Result result) {
        outputs.add(result.out());
        outputs.add(result.err());
        assertThat(result.code()).as(result.out() + "\n" + result.err()).isZero();
    }
}
