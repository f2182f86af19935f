package dev.ferry.sandbox.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.sandbox.local.LocalPostgres;
import dev.ferry.sandbox.local.LocalRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StandInAppTest {

    @Test
    void schedulerEnqueuesWorkerCompletesServerAnswersAndAllStopGracefully() throws Exception {
        Path base = Files.createTempDirectory(Path.of("/tmp"), "ferry-standin-");
        Path records = base.resolve("records.jsonl");
        List<Process> processes = new ArrayList<>();
        try (LocalPostgres pg = LocalPostgres.initialise(15, base.resolve("pg"), LocalPostgres.freePort());
             LocalRedis redis = LocalRedis.start(base.resolve("redis"), LocalPostgres.freePort())) {
            int httpPort = LocalPostgres.freePort();
            Map<String, String> env = Map.of(
                    "REDASH_DATABASE_URL", "postgresql://postgres:s3cret-pw@127.0.0.1:" + pg.port() + "/postgres",
                    "REDASH_REDIS_URL", "redis://127.0.0.1:" + redis.port() + "/0",
                    "PORT", String.valueOf(httpPort), "STANDIN_TICK_MILLIS", "300",
                    "FERRY_STANDIN_RECORDS", records.toString(), "QUEUES", "scheduled_queries,periodic");
            processes.add(launch("scheduler", env, "sched-a"));
            processes.add(launch("worker", env, "worker-1"));
            Process server = launch("server", env, "server-1");
            processes.add(server);

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpResponse<String> ping = awaitPing(http, httpPort);
            assertThat(ping.statusCode()).isEqualTo(200);
            assertThat(ping.body()).isEqualTo("PONG.");
            Thread.sleep(2000);

            for (Process p : processes) {
                p.destroy();
                assertThat(p.waitFor(15, TimeUnit.SECONDS)).isTrue();
            }
            try (Connection c = pg.connect("postgres")) {
                assertThat(count(c, "select count(*) from standin_ticks where identity = 'sched-a'")).isGreaterThan(3);
                assertThat(count(c, "select count(*) from standin_results where worker = 'worker-1'")).isGreaterThan(3);
            }
            String lines = Files.readString(records);
            assertThat(lines).contains("\"kind\":\"tick\"").contains("\"kind\":\"enqueued\"").contains("\"kind\":\"completed\"")
                    .contains("\"kind\":\"stopped\",\"role\":\"worker\"").doesNotContain("s3cret-pw");
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
    }

    private static long count(Connection c, String sql) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static HttpResponse<String> awaitPing(HttpClient http, int port) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ping"))
                .timeout(Duration.ofSeconds(3)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(100);
            }
        }
    }

    static Process launch(String role, Map<String, String> env, String identity) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("java", "-cp", System.getProperty("java.class.path"),
                StandInApp.class.getName(), role).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(env);
        builder.environment().put("STANDIN_IDENTITY", identity);
        return builder.start();
    }
}
