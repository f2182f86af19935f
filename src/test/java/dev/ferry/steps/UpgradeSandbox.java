package dev.ferry.steps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.database.TunneledDatabase;
import dev.ferry.host.SshConnector;
import dev.ferry.host.SshOptions;
import dev.ferry.host.SshShell;
import dev.ferry.sandbox.host.RedashSandbox;
import dev.ferry.sandbox.host.SandboxHost;
import dev.ferry.step.Adapters;
import dev.ferry.step.RemoteShell.CommandResult;
import dev.ferry.step.RemoteShell.RemoteCommand;
import dev.ferry.wiring.Wiring;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The sandbox host the upgrade tests share: Redash seeded on PostgreSQL 12, every service up, reached over real SSH,
 * with the seed's checksums to compare against and a wiring for the CLI.
 */
final class UpgradeSandbox implements AutoCloseable {
    final Path root;
    final Path knownHosts;
    final SandboxHost host;
    final RedashSandbox redash;
    final SshShell shell;
    final Wiring wiring;
    final String seedChecksums;

    private UpgradeSandbox(Path root, SandboxHost host) throws Exception {
        this.root = root;
        this.host = host;
        this.knownHosts = host.writeKnownHosts(root.resolve("known_hosts"));
        this.redash = RedashSandbox.seed(host);
        this.shell = SshShell.open(host.sourceHost(knownHosts), SshOptions.isolated());
        assertThat(compose("up -d").exitCode()).isZero();
        this.seedChecksums = checksums();
        SshConnector ssh = new SshConnector(SshOptions.isolated());
        this.wiring = Wiring.real().withAdapters(Adapters.unavailable().withHosts(ssh)
                .withDatabase(TunneledDatabase.via(ssh, host.sourceHost(knownHosts))));
    }

    static UpgradeSandbox start(String prefix) throws Exception {
        Path root = Files.createTempDirectory(Path.of("/tmp"), prefix);
        return new UpgradeSandbox(root, SandboxHost.start(root));
    }

    List<String> runningServices() {
        return compose("ps --services --filter status=running").stdout().lines().toList();
    }

    /** Every seeded table's rows and an md5 over them, read in the postgres container. */
    String checksums() {
        String tables = RedashSandbox.tables().stream().map(t -> "select '" + t + "', count(*), md5(coalesce(string_agg("
                + "x::text, '|' order by x.id), '')) from " + t + " x").collect(Collectors.joining(" union all "));
        CommandResult result = compose("exec -T postgres psql -v ON_ERROR_STOP=1 -tA -c \"" + tables + "\"");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return result.stdout();
    }

    String setting(String name) {
        return compose("exec -T postgres psql -tAc 'show " + name + "'").stdout().strip();
    }

    CommandResult compose(String arguments) {
        return shell.run(RemoteCommand.of("cd " + redash.directory() + " && docker compose " + arguments,
                Duration.ofSeconds(120)));
    }

    @Override
    public void close() throws IOException {
        shell.close();
        host.close();
        HostileValuesTest.deleteTree(root);
    }
}
