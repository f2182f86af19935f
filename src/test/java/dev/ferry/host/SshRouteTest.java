package dev.ferry.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.FerryException;
import dev.ferry.plan.SourceHost;
import dev.ferry.sandbox.host.SandboxHost;
import dev.ferry.step.RemoteShell.RemoteCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ProxyJump and ProxyCommand from the ssh config, against real in-process servers: the sandbox host as the target
 * and two forward-only jump hosts, each forwarding only to the next, so the target is reached only through jump1
 * then jump2.
 */
class SshRouteTest {
    private static final Duration SHORT = Duration.ofSeconds(20);
    private static Path root;
    private static SandboxHost host;
    private static JumpServer jump1;
    private static JumpServer jump2;
    private static Path knownHosts;

    @BeforeAll
    static void startServers() throws Exception {
        root = Files.createTempDirectory(Path.of("/tmp"), "ferry-ssh-route-");
        host = SandboxHost.start(root);
        jump2 = JumpServer.start().forwardingOnlyTo(host.port());
        jump1 = JumpServer.start().forwardingOnlyTo(jump2.port());
        knownHosts = Files.writeString(root.resolve("known_hosts"),
                String.join("\n", host.hostKeyLine(), jump1.hostKeyLine(), jump2.hostKeyLine()) + "\n");
    }

    @AfterAll
    static void stopServers() {
        jump1.close();
        jump2.close();
        host.close();
    }

    @Test
    void proxyJumpTakesTwoHopsInOrder() throws Exception {
        Path config = config("ProxyJump jump1,ops@jump2");
        try (SshShell shell = SshShell.open(alias(), SshOptions.isolated().withSshConfig(config))) {
            assertThat(shell.run(RemoteCommand.of("echo through two hops", SHORT)).stdout())
                    .isEqualTo("through two hops\n");
        }
        assertThat(jump1.connects()).containsOnly("127.0.0.1:" + jump2.port());
        assertThat(jump2.connects()).containsOnly("127.0.0.1:" + host.port());
    }

    @Test
    void hopsInTheWrongOrderDoNotReachTheTarget() throws Exception {
        Path config = config("ProxyJump jump2,jump1");
        assertThatThrownBy(() -> SshShell.open(alias(), SshOptions.isolated().withSshConfig(config)))
                .isInstanceOf(FerryException.class)
                .hasMessageContaining("cannot connect to ops@127.0.0.1:" + jump1.port() + " through jump host "
                        + System.getProperty("user.name") + "@127.0.0.1:" + jump2.port())
                .hasMessageContaining("check that the host is up and reachable");
    }

    @Test
    void proxyCommandCarriesTheConnectionWithHostPortAndUserSubstituted() throws Exception {
        Path seen = root.resolve("proxy-command-saw");
        Path config = config("ProxyCommand echo %r@%h:%p > " + seen + " && exec java -cp "
                + ShellQuoting.quoted(System.getProperty("java.class.path")) + " " + StdioRelay.class.getName()
                + " %h %p");
        try (SshShell shell = SshShell.open(alias(), SshOptions.isolated().withSshConfig(config))) {
            assertThat(shell.run(RemoteCommand.of("echo through a local command", SHORT)).stdout())
                    .isEqualTo("through a local command\n");
        }
        assertThat(Files.readString(seen)).isEqualTo(SandboxHost.USER + "@127.0.0.1:" + host.port() + "\n");
    }

    @Test
    void aFailingProxyCommandIsNamedWithWhatItSaid() throws Exception {
        Path config = config("ProxyCommand echo no route to the bastion >&2; exit 1");
        assertThatThrownBy(() -> SshShell.open(alias(), SshOptions.isolated().withSshConfig(config)))
                .isInstanceOf(FerryException.class)
                .hasMessageContaining("through ProxyCommand `echo no route to the bastion >&2; exit 1`")
                .hasMessageContaining("(ProxyCommand said: no route to the bastion)");
    }

    @Test
    void substitutedValuesAreShellQuotedSoAHostileHostNameStaysOneWord() throws Exception {
        Path pwned = root.resolve("pwned");
        String hostile = "evil'; touch " + pwned + "; echo '$(touch " + pwned + ")";
        SshEndpoint endpoint = new SshEndpoint("alias `x`", hostile, "u\"ser", 2222, List.of(), null, null);
        String command = CommandProxy.expand("printf '%%s|' %h %p %r %n %x", endpoint);

        Process shell = new ProcessBuilder("sh", "-c", command).start();
        String printed = new String(shell.getInputStream().readAllBytes());
        assertThat(shell.waitFor()).isZero();
        assertThat(printed).isEqualTo(hostile + "|2222|u\"ser|alias `x`|%x|");
        assertThat(pwned).doesNotExist();
    }

    @Test
    void theSessionManagerRecipeFromTheAwsDocsStillExpandsToTheInstanceAndPort() throws Exception {
        SshEndpoint instance = new SshEndpoint("i-0abc", "i-0abc", "ec2-user", 22, List.of(), null, null);
        String command = CommandProxy.expand("sh -c \"printf '%%s|' --target %h --parameters 'portNumber=%p'\"",
                instance);

        Process shell = new ProcessBuilder("sh", "-c", command).start();
        assertThat(new String(shell.getInputStream().readAllBytes()))
                .isEqualTo("--target|i-0abc|--parameters|portNumber=22|");
    }

    @Test
    void hopSpecsParseAsOpenSshWritesThemAndThePlansBastionWins() throws Exception {
        assertThat(SshRoute.hop("ssh://ops@gate.example:2200", null)).extracting(SshEndpoint::user,
                SshEndpoint::hostname, SshEndpoint::port).containsExactly("ops", "gate.example", 2200);
        assertThat(SshRoute.hop("[::1]:2222", null)).extracting(SshEndpoint::hostname, SshEndpoint::port)
                .containsExactly("::1", 2222);
        assertThat(SshRoute.hop("gate", null).port()).isEqualTo(22);
        assertThatThrownBy(() -> SshRoute.hop("ops@gate:ssh", null)).isInstanceOf(FerryException.class)
                .hasMessageContaining("ProxyJump hop 'ops@gate:ssh' is not [user@]host[:port]");

        Path config = config("ProxyJump jump1,jump2");
        SourceHost withBastion = new SourceHost("redash-prod", null, 0, null, knownHosts.toString(),
                new SourceHost.Bastion("bastion.example", "ops", 22, null));
        SshEndpoint target = SshEndpoint.resolve("redash-prod", null, 0, null, config);
        assertThat(SshRoute.of(withBastion, target, config).jumps()).extracting(SshEndpoint::hostname)
                .containsExactly("bastion.example");
        assertThat(SshRoute.of(alias(), target, config).jumps()).extracting(SshEndpoint::port)
                .containsExactly(jump1.port(), jump2.port());
    }

    private static SourceHost alias() {
        return new SourceHost("redash-prod", null, 0, null, knownHosts.toString(), null);
    }

    private static Path config(String route) throws Exception {
        String identity = "  IdentityFile " + host.identityFile() + "\n";
        return Files.writeString(Files.createTempFile(root, "ssh_config", ""),
                "Host redash-prod\n  HostName 127.0.0.1\n  Port " + host.port() + "\n  User " + SandboxHost.USER
                        + "\n" + identity + "  " + route + "\n"
                        + "Host jump1\n  HostName 127.0.0.1\n  Port " + jump1.port() + "\n  User ops\n" + identity
                        + "Host jump2\n  HostName 127.0.0.1\n  Port " + jump2.port() + "\n" + identity);
    }
}
