package dev.ferry.steps;

import static dev.ferry.testing.FerryCli.ferry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.sandbox.host.RedashSandbox;
import dev.ferry.step.AwsPorts;
import dev.ferry.testing.FerryCli.Result;
import dev.ferry.wiring.Wiring;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Redash reads {@code RQ_REDIS_URL} beside {@code REDASH_REDIS_URL}: with both naming the local Redis, repoint-redis
 * (through the CLI, real SSH host, sandbox AWS with an encrypted cache) points both at ElastiCache in one write, each
 * keeping its database number; rollback puts the env file back byte for byte, hostile values included, and a second
 * rollback changes nothing. No value (the local password, the AUTH token) shows in any output, state or journal.
 */
class RepointEveryRedisKeySandboxTest {
    private static final String PLAN = "sbx-rqkeys";
    private static final String RQ_PASSWORD = "rq-S3cret;$(touch ferry-rq-pwn)`id`'q'";
    private static final String EXTRA = "RQ_REDIS_URL=\"redis://:" + RQ_PASSWORD + "@REDIS:6379/1\"  # rq\n"
            + "HOSTILE='a;$(touch /tmp/ferry-rq-pwn) \"q\" \\n b'\n"
            + "MULTI=\"first line\nsecond line $(id)\"\n"
            + "OTHER_REDIS=redis://other-redis:6379/0\n";
    private static Path root;
    private static Path plan;
    private static EncryptedCacheWorld world;
    private static RedashSandbox redash;
    private static AwsPorts ports;
    private static Wiring wiring;
    private static final List<String> outputs = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        world = EncryptedCacheWorld.start(PLAN, EXTRA);
        root = world.root();
        plan = world.plan();
        redash = world.redash();
        ports = world.ports();
        wiring = world.wiring();
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @Test
    void bothKeysMoveToTheCacheAndComeBackByteForByte() throws Exception {
        byte[] original = Files.readAllBytes(redash.envFile());
        Result preview = ok(ferry(wiring, "plan", plan.toString()));
        assertThat(preview.out().replaceAll("\\s+", " ")).contains("REDASH_REDIS_URL and every other key naming its Redis host:port (Redash:"
                + " RQ_REDIS_URL)");

        ok(ferry(wiring, "run", plan.toString(), "--yes", "--until", "provision"));
        String token = ports.readSecureParameter("/ferry/" + PLAN + "/CACHE_AUTH_TOKEN").orElseThrow();
        String url = ports.readSecureParameter("/ferry/" + PLAN + "/REDASH_REDIS_URL").orElseThrow();
        assertThat(url).startsWith("rediss://:").endsWith("/0");
        String cache = url.substring(0, url.length() - 1);

        Result apply = ok(ferry(wiring, "run", plan.toString(), "--yes", "--until", "repoint-redis"));
        assertThat(apply.err()).contains("to repoint in " + redash.envFile() + ": REDASH_REDIS_URL, RQ_REDIS_URL");
        String repointed = Files.readString(redash.envFile());
        assertThat(repointed).isEqualTo(new String(original, StandardCharsets.UTF_8)
                .replace("REDASH_REDIS_URL=redis://redis:6379/0", "REDASH_REDIS_URL=" + cache + "0")
                .replace("\"redis://:" + RQ_PASSWORD + "@REDIS:6379/1\"", "\"" + cache + "1\""));
        assertThat(ferry(wiring, "plan", plan.toString()).out()).doesNotContain("RQ_REDIS_URL=");

        ok(ferry(wiring, "rollback", plan.toString(), "--to", "repoint-redis", "--yes"));
        assertThat(Files.readAllBytes(redash.envFile())).isEqualTo(original);
        Result again = ferry(wiring, "rollback", plan.toString(), "--to", "repoint-redis", "--yes");
        outputs.add(again.out());
        outputs.add(again.err());
        assertThat(Files.readAllBytes(redash.envFile())).as(again.out() + again.err()).isEqualTo(original);
        assertThat(Path.of("/tmp/ferry-rq-pwn")).doesNotExist();

        List<String> texts = new ArrayList<>(outputs);
        try (Stream<Path> files = Files.walk(root.resolve(".ferry"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                texts.add(Files.readString(f, StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(texts).hasSizeGreaterThan(6).allSatisfy(text -> assertThat(text).doesNotContain(token)
                .doesNotContain("rq-S3cret").doesNotContain("second line"));
    }

    private static Result ok(Result result) {
        outputs.add(result.out());
        outputs.add(result.err());
        assertThat(result.code()).as(result.out() + "\n" + result.err()).isZero();
        return result;
    }
}
