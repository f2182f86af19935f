package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.Adapters;
import dev.ferry.host.RemoteShell.CommandResult;
import dev.ferry.host.RemoteShell.RemoteCommand;
import dev.ferry.host.SshConnector;
import dev.ferry.host.SshOptions;
import dev.ferry.host.SshShell;
import dev.ferry.sandbox.SandboxPlan;
import dev.ferry.sandbox.host.RedashSandbox;
import dev.ferry.sandbox.host.SandboxHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 3's acceptance: {@code ferry run <sandbox plan> --until upgrade-local-postgres --yes} upgrades the sandbox
 * host's PostgreSQL 12 to 15 over real SSH keeping every row, and {@code ferry rollback} brings back 12 with the same
 * data and the compose file byte for byte.
 */
class SandboxUpgradeTest {
    private static SandboxHost host;
    private static RedashSandbox redash;
    private static SshShell shell;
    private static Path plan;

    @BeforeAll
    static void start() throws Exception {
        Path root = Files.createTempDirectory(Path.of("/tmp"), "ferry-cli-upgrade-");
        host = SandboxHost.start(root);
        Path knownHosts = host.writeKnownHosts(root.resolve("known_hosts"));
        redash = RedashSandbox.seed(host);
        shell = SshShell.open(host.sourceHost(knownHosts), SshOptions.isolated());
        assertThat(compose("up -d").exitCode()).isZero();
        plan = root.resolve("sandbox.yaml");
        Files.writeString(plan, SandboxPlan.named("sandbox-upgrade").source(host.sourceHost(knownHosts))
                .redashCompose(redash.directory())
                .steps("  - id: upgrade-local-postgres\n    options:\n      targetMajor: 15\n"
                        + "      backupDir: " + root.resolve("var/backups/ferry") + "\n")
                .yaml());
        Wiring.useAdapters(Adapters.unavailable().withHosts(new SshConnector(SshOptions.isolated())));
    }

    @AfterAll
    static void stop() {
        Wiring.useAdapters(null);
        shell.close();
        host.close();
    }

    @Test
    void runUpgradesTo15KeepingEveryRowAndRollbackRestores12() throws Exception {
        String composeBefore = Files.readString(redash.composeFile());
        String before = checksums();
        assertThat(serverVersion()).startsWith("12.");

        CliTest.Result run = CliTest.ferry("run", plan.toString(), "--until", "upgrade-local-postgres", "--yes");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("paused");
        assertThat(serverVersion()).startsWith("15.");
        assertThat(checksums()).isEqualTo(before);
        assertThat(Files.readString(redash.composeFile())).contains("pgautoupgrade/pgautoupgrade:15-alpine");
        CliTest.Result status = CliTest.ferry("status", plan.toString());
        assertThat(status.out()).containsPattern("upgrade-local-postgres\\s+applied");

        CliTest.Result rollback = CliTest.ferry("rollback", plan.toString(), "--last", "--yes");
        assertThat(rollback.code()).as(rollback.err()).isZero();
        assertThat(serverVersion()).startsWith("12.");
        assertThat(checksums()).isEqualTo(before);
        assertThat(Files.readString(redash.composeFile())).isEqualTo(composeBefore);
        assertThat(compose("ps --services --filter status=running").stdout()).contains("server", "scheduler", "worker");
    }

    private static String checksums() {
        String tables = RedashSandbox.tables().stream().map(t -> "select '" + t + "', count(*), md5(coalesce(string_agg("
                + "x::text, '|' order by x.id), '')) from " + t + " x").collect(Collectors.joining(" union all "));
        CommandResult result = compose("exec -T postgres psql -v ON_ERROR_STOP=1 -tA -c \"" + tables + "\"");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return result.stdout();
    }

    private static String serverVersion() {
        return compose("exec -T postgres psql -tAc 'show server_version'").stdout().strip();
    }

    private static CommandResult compose(String arguments) {
        return shell.run(RemoteCommand.of("cd " + redash.directory() + " && docker compose " + arguments,
                Duration.ofSeconds(120)));
    }
}
