package dev.ferry.host;

import dev.ferry.step.PortForward;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.step.RemoteShell.CommandResult;
import dev.ferry.step.RemoteShell.RemoteCommand;
import dev.ferry.plan.SourceHost;
import dev.ferry.sandbox.local.LocalPostgres;
import dev.ferry.sandbox.host.SandboxHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real SSH: the JSch client against the sandbox's MINA server. */
class SshShellTest {
    private static final Duration SHORT = Duration.ofSeconds(20);
    private static Path root;
    private static SandboxHost host;
    private static Path knownHosts;
    private static SshShell shell;

    @BeforeAll
    static void startHost() throws Exception {
        root = Files.createTempDirectory(Path.of("/tmp"), "ferry-ssh-test-");
        host = SandboxHost.start(root);
        knownHosts = host.writeKnownHosts(root.resolve("known_hosts"));
        shell = SshShell.open(host.sourceHost(knownHosts), SshOptions.isolated());
    }

    @AfterAll
    static void stopHost() {
        shell.close();
        host.close();
    }

    @Test
    void runsCommandsStreamingBothStreamsWithTheExitCode() {
        List<String> lines = new CopyOnWriteArrayList<>();
        CommandResult result = shell.run(RemoteCommand.of("echo one; echo two >&2; echo three; exit 3", SHORT), lines::add);
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("one\nthree\n");
        assertThat(result.stderr()).isEqualTo("two\n");
        assertThat(lines).containsExactlyInAnyOrder("one", "two", "three");
        assertThat(shell.run(RemoteCommand.of("true", SHORT)).ok()).isTrue();
        assertThat(shell.run(RemoteCommand.of("cat; echo stdin closed", SHORT)).stdout()).isEqualTo("stdin closed\n");
    }

    @Test
    void aTimedOutCommandIsStoppedOnTheHostAndNamedByItsDisplayText() throws Exception {
        Path pidFile = root.resolve("sleeper.pid");
        RemoteCommand slow = new RemoteCommand("echo $$ > " + pidFile + "; exec sleep 30", "sleep with secret=****",
                Duration.ofMillis(700), true);
        assertThatThrownBy(() -> shell.run(slow))
                .isInstanceOf(FerryException.class)
                .hasMessageContaining("`sleep with secret=****` did not finish within 700 ms")
                .hasMessageNotContaining(pidFile.toString());
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (isRunning(pid) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(isRunning(pid)).as("remote process killed").isFalse();
        assertThat(shell.run(RemoteCommand.of("echo still usable", SHORT)).stdout()).isEqualTo("still usable\n");
    }

    @Test
    void anUnknownHostKeyIsRefusedWithItsFingerprintAndTheWayToTrustIt() throws Exception {
        Path empty = Files.createFile(root.resolve("empty_known_hosts"));
        String fingerprint = KeyUtils.getFingerPrint(BuiltinDigests.sha256, host.hostKey().getPublic());
        assertThatThrownBy(() -> SshShell.open(source(empty), SshOptions.isolated()))
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PREFLIGHT_FAILED))
                .hasMessageContaining(fingerprint)
                .hasMessageContaining("is not in " + empty)
                .hasMessageContaining("ssh-keyscan -p " + host.port() + " -t ecdsa 127.0.0.1 >> " + empty)
                .hasMessageContaining("--accept-new-host-key");
        assertThat(Files.readString(empty)).isEmpty();
    }

    @Test
    void acceptNewTrustsAKeyOnFirstUseAndWritesItToKnownHosts() throws Exception {
        Path file = root.resolve("fresh/known_hosts");
        try (SshShell trusting = SshShell.open(source(file), SshOptions.isolated().acceptingNewHostKeys())) {
            assertThat(trusting.run(RemoteCommand.of("echo hi", SHORT)).stdout()).isEqualTo("hi\n");
        }
        assertThat(Files.readString(file)).isEqualTo(host.hostKeyLine() + "\n");
        try (SshShell strict = SshShell.open(source(file), SshOptions.isolated())) {
            assertThat(strict.run(RemoteCommand.of("echo again", SHORT)).ok()).isTrue();
        }
    }

    @Test
    void aChangedHostKeyIsRefusedEvenWithAcceptNew() throws Exception {
        Path file = root.resolve("changed_known_hosts");
        try (SandboxHost impostor = SandboxHost.start(Files.createTempDirectory(Path.of("/tmp"), "ferry-impostor-"))) {
            String otherKey = impostor.hostKeyLine().substring(impostor.hostKeyLine().indexOf(' '));
            Files.writeString(file, "[127.0.0.1]:" + host.port() + otherKey + "\n");
        }
        assertThatThrownBy(() -> SshShell.open(source(file), SshOptions.isolated().acceptingNewHostKeys()))
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PREFLIGHT_FAILED))
                .hasMessageContaining("has CHANGED")
                .hasMessageContaining(KeyUtils.getFingerPrint(BuiltinDigests.sha256, host.hostKey().getPublic()))
                .hasMessageContaining("ssh-keygen -R '[127.0.0.1]:" + host.port() + "' -f " + file);
        assertThat(Files.readAllLines(file)).hasSize(1);
    }

    @Test
    void writesAndReadsFilesOverSftpKeepingTheTargetsMode() throws Exception {
        String env = root.resolve("opt/redash/env").toString();
        Files.createDirectories(root.resolve("opt/redash"));
        assertThat(shell.exists(env)).isFalse();
        shell.writeFile(env, "REDASH_SECRET_KEY=abc\n");
        assertThat(shell.readFile(env)).isEqualTo("REDASH_SECRET_KEY=abc\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(env)))).isEqualTo("rw-------");
        Files.setPosixFilePermissions(Path.of(env), PosixFilePermissions.fromString("rw-r-----"));
        shell.writeFile(env, "REDASH_SECRET_KEY=def\n");
        assertThat(Files.readString(Path.of(env))).isEqualTo("REDASH_SECRET_KEY=def\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(env)))).isEqualTo("rw-r-----");
        assertThat(shell.exists(env)).isTrue();
        try (var siblings = Files.list(root.resolve("opt/redash"))) {
            assertThat(siblings.map(p -> p.getFileName().toString())).containsExactly("env");
        }
        assertThatThrownBy(() -> shell.readFile(env + ".missing")).isInstanceOf(FerryException.class)
                .hasMessageContaining("no such file");
    }

    @Test
    void forwardsALocalPortToAPostgresOnTheHostsSide() throws Exception {
        Path base = Files.createTempDirectory(Path.of("/tmp"), "ferry-forward-");
        try (LocalPostgres pg = LocalPostgres.initialise(15, base.resolve("data"), LocalPostgres.freePort());
             PortForward forward = shell.forwardLocalPort("127.0.0.1", pg.port())) {
            Properties props = new Properties();
            props.setProperty("user", "postgres");
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + forward.localPort()
                    + "/postgres", props); ResultSet rs = c.createStatement().executeQuery("show server_version")) {
                rs.next();
                assertThat(rs.getString(1)).startsWith("15.");
            }
        }
    }

    @Test
    void aDroppedConnectionRetriesAnIdempotentCommandOnce() throws Exception {
        Path counter = root.resolve("idempotent-runs");
        host.dropConnectionDuring("marker-idempotent", Duration.ofMillis(300));
        CommandResult result = shell.run(RemoteCommand.of("echo run >> " + counter + "; sleep 1; echo done"
                + " # marker-idempotent", SHORT));
        assertThat(result.stdout()).isEqualTo("done\n");
        assertThat(Files.readAllLines(counter)).hasSize(2);
    }

    @Test
    void aDroppedConnectionDuringANonIdempotentCommandIsReportedNotRepeated() throws Exception {
        Path counter = root.resolve("one-shot-runs");
        host.dropConnectionDuring("marker-oneshot", Duration.ofMillis(300));
        RemoteCommand once = RemoteCommand.of("echo run >> " + counter + "; sleep 1 # marker-oneshot", SHORT)
                .oneShot().shownAs("append once");
        assertThatThrownBy(() -> shell.run(once))
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STEP_FAILED))
                .hasMessageContaining("dropped while running `append once`; it may or may not have completed");
        Thread.sleep(300);
        assertThat(Files.readAllLines(counter)).hasSize(1);
        assertThat(shell.run(RemoteCommand.of("echo reconnected", SHORT)).stdout()).isEqualTo("reconnected\n");
    }

    @Test
    void reachesTheHostThroughABastion() {
        SourceHost direct = host.sourceHost(knownHosts);
        SourceHost viaBastion = new SourceHost(direct.host(), direct.user(), direct.port(), direct.identityFile(),
                direct.knownHosts(), new SourceHost.Bastion("127.0.0.1", SandboxHost.USER, host.port(),
                direct.identityFile()));
        try (SshShell jumped = SshShell.open(viaBastion, SshOptions.isolated())) {
            assertThat(jumped.run(RemoteCommand.of("echo through the bastion", SHORT)).stdout())
                    .isEqualTo("through the bastion\n");
        }
    }

    @Test
    void resolvesAnSshConfigHostAlias() throws Exception {
        Path config = root.resolve("ssh_config");
        Files.writeString(config, "Host redash-prod\n  HostName 127.0.0.1\n  Port " + host.port() + "\n  User "
                + SandboxHost.USER + "\n  IdentityFile " + host.identityFile() + "\n  StrictHostKeyChecking no\n");
        SourceHost alias = new SourceHost("redash-prod", null, 0, null, knownHosts.toString(), null);
        try (SshShell viaAlias = SshShell.open(alias, SshOptions.isolated().withSshConfig(config))) {
            assertThat(viaAlias.run(RemoteCommand.of("echo aliased", SHORT)).stdout()).isEqualTo("aliased\n");
        }
        Path empty = Files.createFile(root.resolve("alias_known_hosts"));
        SourceHost untrusted = new SourceHost("redash-prod", null, 0, null, empty.toString(), null);
        assertThatThrownBy(() -> SshShell.open(untrusted, SshOptions.isolated().withSshConfig(config)))
                .hasMessageContaining("is not in");
    }

    @Test
    void authenticatesWithAKeyFromSshAgent() throws Exception {
        Path socket = root.resolve("agent.sock");
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString()).redirectErrorStream(true).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!Files.exists(socket) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            ProcessBuilder add = new ProcessBuilder("ssh-add", host.identityFile().toString()).redirectErrorStream(true);
            add.environment().put("SSH_AUTH_SOCK", socket.toString());
            assertThat(add.start().waitFor()).isZero();
            SourceHost noKeyFile = new SourceHost("127.0.0.1", SandboxHost.USER, host.port(), null,
                    knownHosts.toString(), null);
            try (SshShell viaAgent = SshShell.open(noKeyFile, SshOptions.isolated().withAgent(socket))) {
                assertThat(viaAgent.run(RemoteCommand.of("echo agent", SHORT)).stdout()).isEqualTo("agent\n");
            }
            assertThatThrownBy(() -> SshShell.open(noKeyFile, SshOptions.isolated()))
                    .hasMessageContaining("SSH authentication to ferry@127.0.0.1:" + host.port() + " failed");
        } finally {
            agent.destroy();
        }
    }

    private static SourceHost source(Path knownHostsFile) {
        SourceHost s = host.sourceHost(knownHostsFile);
        return new SourceHost(s.host(), s.user(), s.port(), s.identityFile(), knownHostsFile.toString(), null);
    }

    private static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException gone) {
            return false;
        }
    }
}
