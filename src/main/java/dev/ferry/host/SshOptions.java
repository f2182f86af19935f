package dev.ferry.host;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How ferry connects over SSH, beyond what the plan's {@code source} says.
 *
 * @param acceptNewHostKey trust a host key that known_hosts does not list yet and save it there (OpenSSH's
 *                         {@code StrictHostKeyChecking=accept-new}); a CHANGED key is refused regardless
 * @param sshConfig        an OpenSSH client config whose {@code Host} aliases (HostName, User, Port, IdentityFile)
 *                         apply; {@code null} for none
 * @param agentSocket      the ssh-agent socket ({@code SSH_AUTH_SOCK}); {@code null} for none
 * @param connectTimeout   for the TCP connection and the SSH handshake
 * @param keepAlive        interval of the keep-alive probes that notice a dead connection (three missed probes drop it)
 */
public record SshOptions(boolean acceptNewHostKey, Path sshConfig, Path agentSocket, Duration connectTimeout,
                         Duration keepAlive) {

    /** Strict host keys, {@code ~/.ssh/config} and {@code SSH_AUTH_SOCK} when they exist. */
    public static SshOptions defaults() {
        Path config = Path.of(System.getProperty("user.home"), ".ssh", "config");
        Path agent = Optional.ofNullable(System.getenv("SSH_AUTH_SOCK")).filter(s -> !s.isBlank()).map(Path::of)
                .orElse(null);
        return new SshOptions(false, Files.isReadable(config) ? config : null, agent, Duration.ofSeconds(20),
                Duration.ofSeconds(15));
    }

    /** Neither user config nor agent: only what the plan says (tests, the sandbox). */
    public static SshOptions isolated() {
        return new SshOptions(false, null, null, Duration.ofSeconds(20), Duration.ofSeconds(15));
    }

    public SshOptions acceptingNewHostKeys() {
        return new SshOptions(true, sshConfig, agentSocket, connectTimeout, keepAlive);
    }

    public SshOptions withSshConfig(Path config) {
        return new SshOptions(acceptNewHostKey, config, agentSocket, connectTimeout, keepAlive);
    }

    public SshOptions withAgent(Path socket) {
        return new SshOptions(acceptNewHostKey, sshConfig, socket, connectTimeout, keepAlive);
    }

    public SshOptions withKeepAlive(Duration interval) {
        return new SshOptions(acceptNewHostKey, sshConfig, agentSocket, connectTimeout, interval);
    }
}
