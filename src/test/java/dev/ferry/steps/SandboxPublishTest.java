package dev.ferry.steps;

import static dev.ferry.testing.FerryCli.ferry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.host.PortBinding;
import dev.ferry.sandbox.SandboxPlan;
import dev.ferry.sandbox.aws.SandboxWorld;
import dev.ferry.sandbox.local.LocalPostgres;
import dev.ferry.step.RemoteShell.CommandResult;
import dev.ferry.step.RemoteShell.RemoteCommand;
import dev.ferry.testing.FerryCli.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * upgrade-local-postgres with move-database's {@code replicationSource}: the compose postgres published at exactly
 * that address and port, against the sandbox host over real SSH (its docker stand-in honours the ports entry: the
 * PostgreSQL process listens there and {@code docker inspect} reports the binding). Each test leaves the host as it
 * found it: PostgreSQL 12 with the seed data, every service running, the compose file unchanged.
 */
class SandboxPublishTest {
    private static final List<String> WRITERS = List.of("server", "scheduler", "worker", "adhoc_worker",
            "scheduled_worker");

    private static UpgradeSandbox sandbox;

    @BeforeAll
    static void start() throws Exception {
        sandbox = UpgradeSandbox.start("ferry-cli-publish-");
    }

    @AfterAll
    static void stop() throws IOException {
        sandbox.close();
    }

    /**
     * A replicate plan with a replicationSource: the upgrade publishes postgres' 5432 at exactly that address and port
     * (a ports entry the preview shows, applied by its restart); docker reports the binding and the database answers
     * there; a second run changes nothing; the rollback takes the entry back, a second rollback changes nothing.
     * Hostile values never get past the plan loader; an address the host does not have, or a port something
     * already listens on, is refused before anything stops.
     */
    @Test
    void aReplicationSourceIsPublishedOnThatAddressOnlyAndTheRollbackTakesItBack() throws Exception {
        String composeBefore = Files.readString(sandbox.redash.composeFile());
        int port = LocalPostgres.freePort();
        String entry = "127.0.0.1:" + port + ":5432";
        for (String hostile : List.of("\"127.0.0.1:5432\\\"; touch /tmp/ferry-publish-pwn\"",
                "\"127.0.0.1:$(touch /tmp/ferry-publish-pwn)\"", "\"127.0.0.1:5432\\n    privileged: true\"")) {
            Path bad = plan("sandbox-publish-bad", publishing(hostile));
            Result refused = ferry(sandbox.wiring, "run", bad.toString(), "--until", "upgrade-local-postgres", "--yes");
            assertThat(refused.code()).as(hostile).isNotZero();
            assertThat(refused.err()).as(hostile).contains("sandbox-publish-bad.yaml:", "replicationSource '127.0.0.1:");
        }
        assertThat(Path.of("/tmp/ferry-publish-pwn")).doesNotExist();
        assertThat(Files.readString(sandbox.redash.composeFile())).isEqualTo(composeBefore);

        Path elsewhere = plan("sandbox-publish-elsewhere", publishing("10.255.255.254:" + port));
        Result warned = ferry(sandbox.wiring, "doctor", elsewhere.toString());
        assertThat(warned.out()).as(warned.out() + warned.err()).contains("upgrade-local-postgres will refuse to publish"
                + " it: 10.255.255.254 is not an address of the host");
        Result notHere = ferry(sandbox.wiring, "run", elsewhere.toString(), "--until", "upgrade-local-postgres", "--yes");
        assertThat(notHere.code()).isNotZero();
        assertThat(notHere.err()).contains("10.255.255.254 is not an address of the host (it has 127.0.0.1",
                "so docker could not publish postgres there; nothing was changed");
        assertThat(Files.readString(sandbox.redash.composeFile())).isEqualTo(composeBefore);
        assertThat(runningServices()).containsAll(WRITERS);
        assertThat(serverVersion()).startsWith("12.");
        try (java.net.ServerSocket other = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Path busy = plan("sandbox-publish-busy", publishing("127.0.0.1:" + other.getLocalPort()));
            Result taken = ferry(sandbox.wiring, "run", busy.toString(), "--until", "upgrade-local-postgres", "--yes");
            assertThat(taken.code()).isNotZero();
            assertThat(taken.err()).containsPattern("a process on the host already listens on \\S*127\\.0\\.0\\.1\\]?:"
                    + other.getLocalPort() + ", so docker could not publish postgres at").contains("nothing was changed");
        }
        assertThat(Files.readString(sandbox.redash.composeFile())).isEqualTo(composeBefore);
        assertThat(runningServices()).containsAll(WRITERS);

        Path plan = plan("sandbox-publish", publishing("127.0.0.1:" + port));
        Result preview = ferry(sandbox.wiring, "plan", plan.toString(), "--detail");
        assertThat(preview.code()).as(preview.err()).isZero();
        assertThat(preview.out().replaceAll("\\s+", " ")).contains("check-published-port", "publish-port",
                "verify-published-port", "services.postgres.ports += \"" + entry + "\"");
        Result doctor = ferry(sandbox.wiring, "doctor", plan.toString());
        assertThat(doctor.out()).as(doctor.out() + doctor.err()).containsPattern("postgres:published-port +postgres"
                + " publishes no port \\(not yet 127.0.0.1:" + port + "\\): upgrade-local-postgres will publish it");

        Result run = ferry(sandbox.wiring, "run", plan.toString(), "--until", "upgrade-local-postgres", "--yes");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).contains("postgres gets ports entry \"" + entry + "\"",
                "postgres: 5432 published at 127.0.0.1:" + port + ", where RDS subscribes");
        String published = Files.readString(sandbox.redash.composeFile());
        assertThat(published).contains("    restart: always\n    ports:\n      - \"" + entry + "\"\n  nginx:");
        assertThat(PortBinding.fromInspect(bindings())).contains(new PortBinding("127.0.0.1", port, 5432, "tcp"));
        assertThat(compose("port postgres 5432").stdout()).isEqualTo("127.0.0.1:" + port + "\n");
        assertThat(versionAt(port)).startsWith("15.");
        Result published2 = ferry(sandbox.wiring, "doctor", plan.toString());
        assertThat(published2.out()).as(published2.out()).containsPattern("postgres:published-port +postgres publishes"
                + " 5432 at 127.0.0.1:" + port);

        Result again = ferry(sandbox.wiring, "run", plan.toString(), "--until", "upgrade-local-postgres", "--yes");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(Files.readString(sandbox.redash.composeFile())).as("a second run changes nothing").isEqualTo(published);

        Result rollback = ferry(sandbox.wiring, "rollback", plan.toString(), "--last", "--yes");
        assertThat(rollback.code()).as(rollback.err()).isZero();
        assertThat(Files.readString(sandbox.redash.composeFile())).isEqualTo(composeBefore);
        assertThat(PortBinding.fromInspect(bindings())).noneMatch(b -> b.hostPort() == port);
        assertThat(compose("port postgres 5432").stdout()).as("exposed, not published").isEqualTo(":0\n");
        assertThat(serverVersion()).startsWith("12.");
        Result twice = ferry(sandbox.wiring, "rollback", plan.toString(), "--to", "upgrade-local-postgres", "--yes");
        assertThat(Files.readString(sandbox.redash.composeFile())).as(twice.out() + twice.err()).isEqualTo(composeBefore);
        assertThat(checksums()).isEqualTo(sandbox.seedChecksums);
        assertThat(runningServices()).containsAll(WRITERS);
    }

    /**
     * The user's own ports entry for postgres is kept: the same publish is not written twice, and the rollback
     * leaves the file as the user had it.
     */
    @Test
    void anExistingPublishIsKeptAndNotWrittenTwice() throws Exception {
        String composeBefore = Files.readString(sandbox.redash.composeFile());
        int port = LocalPostgres.freePort();
        String mine = composeBefore.replace("    restart: always\n  nginx:", "    ports:\n      - 127.0.0.1:" + port
                + ":5432  # mine\n    restart: always\n  nginx:");
        Files.writeString(sandbox.redash.composeFile(), mine);
        try {
            Path plan = plan("sandbox-publish-kept", publishing("127.0.0.1:" + port));
            Result run = ferry(sandbox.wiring, "run", plan.toString(), "--until", "upgrade-local-postgres", "--yes");
            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.err()).contains("postgres already publishes 5432 at 127.0.0.1:" + port,
                    "5432 published at 127.0.0.1:" + port);
            String after = Files.readString(sandbox.redash.composeFile());
            assertThat(after).contains("      - 127.0.0.1:" + port + ":5432  # mine\n").doesNotContain("\"127.0.0.1:"
                    + port + ":5432\"");
            assertThat(versionAt(port)).startsWith("15.");
            Result rollback = ferry(sandbox.wiring, "rollback", plan.toString(), "--last", "--yes");
            assertThat(rollback.code()).as(rollback.err()).isZero();
            assertThat(Files.readString(sandbox.redash.composeFile())).isEqualTo(mine);
            assertThat(serverVersion()).startsWith("12.");
        } finally {
            Files.writeString(sandbox.redash.composeFile(), composeBefore);
            assertThat(compose("up -d postgres").exitCode()).isZero();
        }
        assertThat(checksums()).isEqualTo(sandbox.seedChecksums);
    }

    private static String publishing(String source) {
        return "  - id: provision\n  - id: move-database\n    options:\n      method: replicate\n"
                + "      replicationSource: " + source + "\n";
    }

    private static String bindings() {
        CommandResult result = sandbox.shell.run(RemoteCommand.of("cd " + sandbox.redash.directory() + " && docker inspect -f"
                + " '{{json .NetworkSettings.Ports}}' \"$(docker compose ps -q postgres)\"", Duration.ofSeconds(60)));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return result.stdout().replace(" ", "");
    }

    /** The server version through the published address, as RDS would connect. */
    private static String versionAt(int port) throws Exception {
        String password = dev.ferry.host.EnvFile.parse(Files.readString(sandbox.redash.envFile())).get("POSTGRES_PASSWORD")
                .orElseThrow();
        try (var c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                "postgres", password); var rs = c.createStatement().executeQuery("show server_version")) {
            rs.next();
            return rs.getString(1);
        }
    }
    private static Path plan(String name, String moreSteps) throws Exception {
        Path plan = sandbox.root.resolve(name + ".yaml");
        SandboxPlan yaml = SandboxPlan.named(name).source(sandbox.host.sourceHost(sandbox.knownHosts)).redashCompose(sandbox.redash.directory())
                .target(SandboxWorld.defaults(), name, 16).edge(SandboxWorld.defaults(), 60);
        Files.writeString(plan, yaml.steps("  - id: upgrade-local-postgres\n    options:\n      targetMajor: 15\n"
                + "      backupDir: " + sandbox.root.resolve("var/backups/ferry") + "\n" + moreSteps).yaml());
        return plan;
    }

    private static List<String> runningServices() {
        return sandbox.runningServices();
    }

    private static String checksums() {
        return sandbox.checksums();
    }

    private static String serverVersion() {
        return sandbox.setting("server_version");
    }

    private static CommandResult compose(String arguments) {
        return sandbox.compose(arguments);
    }
}
