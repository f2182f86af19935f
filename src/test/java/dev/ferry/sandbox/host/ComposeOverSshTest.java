package dev.ferry.sandbox.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.step.RemoteShell.CommandResult;
import dev.ferry.step.RemoteShell.RemoteCommand;
import dev.ferry.host.SshShell;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The docker stand-in as ferry meets it: over real SSH, on a seeded Redash host. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeOverSshTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SeededHost seeded;
    private static SandboxHost host;
    private static SshShell shell;
    private static RedashSandbox redash;

    @BeforeAll
    static void seed() throws Exception {
        seeded = SeededHost.start("ferry-compose-test-");
        host = seeded.host();
        shell = seeded.shell();
        redash = seeded.redash();
    }

    @AfterAll
    static void stop() {
        seeded.close();
    }

    @Test
    @Order(1)
    void answersVersionQueriesLikeAComposeV2Host() {
        CommandResult version = run("docker compose version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.stdout()).startsWith("Docker Compose version v2.");
        assertThat(run("docker-compose version").exitCode()).isEqualTo(127);
    }

    @Test
    @Order(2)
    void psAndExecReachTheSeededPostgresAndRedis() throws Exception {
        List<JsonNode> ps = psJson("postgres");
        assertThat(ps).hasSize(1);
        assertThat(ps.get(0).get("State").asText()).isEqualTo("running");
        assertThat(ps.get(0).get("Name").asText()).isEqualTo("redash-postgres-1");
        assertThat(compose("exec -T postgres psql -tAc 'select count(*) from events'").stdout()).isEqualTo("3000\n");
        assertThat(compose("exec -T redis redis-cli PING").stdout()).isEqualTo("PONG\n");
        assertThat(compose("exec -T redis redis-cli LLEN queries").stdout()).isEqualTo("0\n");
        CommandResult unknown = compose("ps nope");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).isEqualTo("no such service: nope\n");
    }

    @Test
    @Order(3)
    void upStopAndStartTheWholeProject() throws Exception {
        CommandResult up = compose("up -d");
        assertThat(up.exitCode()).as(up.stderr()).isZero();
        assertThat(psJson("")).extracting(n -> n.get("Service").asText()).containsExactlyInAnyOrder("server",
                "scheduler", "scheduled_worker", "adhoc_worker", "worker", "redis", "postgres", "nginx");
        assertThat(compose("stop scheduler").exitCode()).isZero();
        assertThat(psJson("scheduler")).isEmpty();
        assertThat(psJson("-a scheduler").get(0).get("State").asText()).isEqualTo("exited");
        assertThat(compose("start scheduler").exitCode()).isZero();
        assertThat(psJson("scheduler").get(0).get("State").asText()).isEqualTo("running");
        assertThat(compose("up -d postgres").stderr()).contains("Container redash-postgres-1  Running");
    }

    @Test
    @Order(4)
    void inspectAndPsFiltersAnswerAsDockerDoes() throws Exception {
        CommandResult ids = compose("ps -q postgres");
        assertThat(ids.stdout()).matches("[0-9a-f]{64}\n");
        String mounts = "docker inspect -f '{{range .Mounts}}{{if eq .Destination \"/var/lib/postgresql/data\"}}"
                + "{{.Source}}{{end}}{{end}}' $(cd " + redash.directory() + " && docker compose ps -q postgres)";
        assertThat(run(mounts).stdout()).isEqualTo(redash.postgresData() + "\n");
        CommandResult fields = run("docker inspect --format '{{.Name}} {{.State.Status}} {{json .State.Running}}"
                + " {{index .Config.Labels \"com.docker.compose.service\"}}{{with .NetworkSettings.Ports}} ports"
                + "{{end}}{{if not .Mounts}} none{{else}} {{len .Mounts}}{{end}}' redash-redis-1 "
                + ids.stdout().substring(0, 12));
        assertThat(fields.stdout()).as(fields.stderr()).isEqualTo("/redash-redis-1 running true redis ports 1\n"
                + "/redash-postgres-1 running true postgres ports 1\n");
        // Where the host reaches the container: its network address and its own (exposed, unpublished) port.
        CommandResult address = run("docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}"
                + " {{json .NetworkSettings.Ports}}' redash-postgres-1");
        assertThat(address.stdout()).as(address.stderr()).matches("127\\.0\\.0\\.1 \\{\"\\d+/tcp\":null}\n");
        CommandResult json = run("docker inspect redash-postgres-1");
        JsonNode object = JSON.readTree(json.stdout()).get(0);
        assertThat(object.get("Mounts").get(0).get("Type").asText()).isEqualTo("bind");
        assertThat(json.stdout()).startsWith("[\n    {\n        \"Id\": ");
        CommandResult missing = run("docker inspect -f '{{.Id}}' nope redash-redis-1");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stdout()).matches("[0-9a-f]{64}\n");
        assertThat(missing.stderr()).isEqualTo("Error: No such object: nope\n");
        assertThat(run("docker inspect").stderr()).startsWith("\"docker inspect\" requires at least 1 argument.");

        assertThat(compose("stop scheduler").exitCode()).isZero();
        assertThat(compose("ps --services --filter status=running").stdout()).contains("server").doesNotContain("scheduler");
        assertThat(compose("ps --services --filter status=exited").stdout()).isEqualTo("scheduler\n");
        assertThat(compose("ps --services --filter status=paused").stdout()).isEqualTo("\n");
        assertThat(compose("ps --filter name=x").stderr()).isEqualTo("unknown filter name\n");
        assertThat(compose("start scheduler").exitCode()).isZero();
    }

    @Test
    @Order(5)
    void rmRemovesAStoppedServiceAndExecRefusesAStoppedOne() throws Exception {
        assertThat(compose("rm -f -s nginx").stderr()).contains("Container redash-nginx-1  Removed");
        assertThat(psJson("-a nginx")).isEmpty();
        compose("stop worker");
        CommandResult exec = compose("exec -T worker true");
        assertThat(exec.exitCode()).isEqualTo(1);
        assertThat(exec.stderr()).contains("service \"worker\" is not running");
    }

    @Test
    @Order(6)
    void dockerRunClientsResolveServiceNamesOnTheProjectNetworkAndStreamThroughPipes() {
        String url = "postgresql://postgres:" + redash.postgresPassword() + "@postgres/postgres";
        String command = "docker run --rm -i --network redash_default postgres:15 sh -c 'psql \"%s\" -tAc"
                + " \"select count(*) from users\"'";
        CommandResult count = shell.run(RemoteCommand.of(command.formatted(url), Duration.ofSeconds(60))
                .shownAs(command.formatted(dev.ferry.step.Redacted.urls(url))));
        assertThat(count.stdout()).as(count.stderr()).isEqualTo("50\n");
        CommandResult piped = compose("exec -T postgres pg_dump -Fc -t widgets postgres | docker run --rm -i"
                + " postgres:15 pg_restore --list | grep -c 'TABLE DATA public widgets'");
        assertThat(piped.stdout()).as(piped.stderr()).isEqualTo("1\n");
        CommandResult app = run("docker run --rm redash/redash:10.1.0.b50633 server");
        assertThat(app.exitCode()).isEqualTo(125);
    }

    private static List<JsonNode> psJson(String arguments) throws Exception {
        CommandResult ps = compose("ps --format json " + arguments);
        assertThat(ps.exitCode()).as(ps.stderr()).isZero();
        List<JsonNode> rows = new ArrayList<>();
        for (String line : ps.stdout().lines().toList()) {
            rows.add(JSON.readTree(line));
        }
        return rows;
    }

    static CommandResult compose(String arguments) {
        return run("cd " + redash.directory() + " && docker compose " + arguments);
    }

    private static CommandResult run(String command) {
        return shell.run(RemoteCommand.of(command, Duration.ofSeconds(60)));
    }
}
