package dev.ferry.sandbox.host;

import dev.ferry.plan.SourceHost;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.AcceptAllForwardingFilter;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's compose host: an in-process SSH server on 127.0.0.1 (public-key auth, exec, SFTP, TCP forwarding)
 * whose commands run as local processes with a {@code docker} stand-in first on PATH.
 *
 * <p>Paths are real: the "host filesystem" is this machine's, and {@code root} is where the host's tree lives, so a
 * plan for the sandbox names {@code <root>/opt/redash} where a real plan says {@code /opt/redash} ({@link #path}).
 * PostgreSQL runs as {@code nobody} when we are root, so {@code root} must be world-traversable (not a JUnit
 * {@code @TempDir}).
 */
public final class SandboxHost implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SandboxHost.class);
    public static final String USER = "ferry";

    private final Path root;
    private final SshServer server;
    private final KeyPair hostKey;
    private final Path identityFile;
    private final FaultInjection faults;
    private final SandboxLayout layout;
    private final List<String> executed;

    private SandboxHost(Path root, SshServer server, KeyPair hostKey, Path identityFile, FaultInjection faults,
                        SandboxLayout layout, List<String> executed) {
        this.root = root;
        this.server = server;
        this.hostKey = hostKey;
        this.identityFile = identityFile;
        this.faults = faults;
        this.layout = layout;
        this.executed = executed;
    }

    public static SandboxHost start(Path root) {
        return start(root, IdleAppLauncher.class);
    }

    /** Starts the host; app services (neither postgres nor redis) run through {@code appLauncher}. */
    public static SandboxHost start(Path root, Class<? extends AppProcessLauncher> appLauncher) {
        return start(root, appLauncher, SandboxKeys.generate());
    }

    /** With a given host key, e.g. to restart "the same" host, or to present a different key on purpose. */
    public static SandboxHost start(Path root, Class<? extends AppProcessLauncher> appLauncher, KeyPair hostKey) {
        Path absolute = root.toAbsolutePath();
        SandboxLayout layout = SandboxLayout.create(absolute, appLauncher);
        KeyPair clientKey = SandboxKeys.generate();
        Path identity = SandboxKeys.writeIdentity(clientKey, layout.home().resolve("keys/id_ecdsa"));
        FaultInjection faults = new FaultInjection();
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, clientKey.getPublic()));
        List<String> executed = new CopyOnWriteArrayList<>();
        server.setCommandFactory((channel, command) -> new ShellCommand(command, layout::environment, faults,
                executed::add));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setForwardingFilter(AcceptAllForwardingFilter.INSTANCE);
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the sandbox SSH server", e);
        }
        log.info("sandbox host listening on 127.0.0.1:{} with root {}", server.getPort(), absolute);
        return new SandboxHost(absolute, server, hostKey, identity, faults, layout, executed);
    }

    public int port() {
        return server.getPort();
    }

    public Path root() {
        return root;
    }

    /** The sandbox path of a host path: {@code path("/opt/redash")} is {@code <root>/opt/redash}. */
    public Path path(String hostPath) {
        return root.resolve(hostPath.startsWith("/") ? hostPath.substring(1) : hostPath);
    }

    /** The client's private key (OpenSSH format, mode 0600). */
    public Path identityFile() {
        return identityFile;
    }

    /** This host's line for a known_hosts file: {@code [127.0.0.1]:PORT ecdsa-sha2-nistp256 AAAA...}. */
    public String hostKeyLine() {
        return "[127.0.0.1]:" + port() + " " + SandboxKeys.publicKeyLine(hostKey);
    }

    public KeyPair hostKey() {
        return hostKey;
    }

    /** Writes a known_hosts file that trusts this host and returns it. */
    public Path writeKnownHosts(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, hostKeyLine() + "\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The plan's {@code source} for this host, trusting it through {@code knownHosts}. */
    public SourceHost sourceHost(Path knownHosts) {
        return new SourceHost("127.0.0.1", USER, port(), identityFile.toString(), knownHosts.toString(), null);
    }

    /** The next command containing {@code marker} loses its SSH connection {@code after} it started (once). */
    public void dropConnectionDuring(String marker, Duration after) {
        faults.dropConnectionDuring(marker, after);
    }

    /**
     * From now on every filesystem of this host reports at most {@code bytes} available to {@code df -P}/{@code -B}
     * (a nearly full disk); a negative value restores the truth.
     */
    public void limitFreeSpace(long bytes) {
        try {
            if (bytes < 0) {
                Files.deleteIfExists(layout.freeSpaceKnob());
            } else {
                Files.writeString(layout.freeSpaceKnob(), bytes + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The next {@code docker run} of {@code program} (e.g. {@code pg_restore}) is killed with SIGKILL once it has
     * written {@code afterStderrLines} lines to stderr: a client container dying half-way through a data move. Once.
     */
    public void killDockerRun(String program, int afterStderrLines) {
        KilledRun.arm(layout.home(), program, afterStderrLines);
    }

    /** Every command line an SSH client ran on this host since it started, in order, exactly as received. */
    public List<String> executedCommands() {
        return List.copyOf(executed);
    }

    /** The arguments of every {@code touch} any command on this host ran (the host's {@code touch} notes them). */
    public List<String> touches() {
        try {
            return Files.exists(layout.touchLog()) ? Files.readAllLines(layout.touchLog()) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * From now on {@code docker inspect} reports {@code source} as the host side of every container mount at
     * {@code destination}: what a host with odd paths (or a lying daemon) would answer. Null restores the truth.
     */
    public void reportMountSource(String destination, String source) {
        Properties knob = new Properties();
        try {
            if (Files.exists(layout.mountSourcesKnob())) {
                try (var reader = Files.newBufferedReader(layout.mountSourcesKnob())) {
                    knob.load(reader);
                }
            }
            if (source == null) {
                knob.remove(destination);
            } else {
                knob.setProperty(destination, source);
            }
            try (var writer = Files.newBufferedWriter(layout.mountSourcesKnob())) {
                knob.store(writer, "docker inspect: mount sources by destination");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The environment a command on this host gets (PATH with the docker stand-in, HOME, the sandbox's own keys). */
    public Map<String, String> environment() {
        return new LinkedHashMap<>(layout.environment(USER));
    }

    /**
     * Runs {@code command} with {@code sh -c} on this host as its console would (same PATH and HOME as an SSH exec),
     * feeding {@code stdin}; for seeding and checks from the sandbox side, not for the product.
     */
    public ConsoleResult console(String command, String stdin) {
        try {
            Map<String, String> env = layout.environment(USER);
            Path home = Path.of(env.get("HOME"));
            Files.createDirectories(home);
            ProcessBuilder builder = new ProcessBuilder("sh", "-c", command).directory(home.toFile());
            builder.environment().clear();
            builder.environment().putAll(env);
            Process process = builder.start();
            try (var in = process.getOutputStream()) {
                in.write(stdin == null ? new byte[0] : stdin.getBytes(StandardCharsets.UTF_8));
            }
            var stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            String stdout = read(process.getInputStream());
            return new ConsoleResult(process.waitFor(), stdout, stderr.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running a console command", e);
        }
    }

    public record ConsoleResult(int exitCode, String stdout, String stderr) {
        public ConsoleResult orThrow(String what) {
            if (exitCode != 0) {
                throw new IllegalStateException(what + " failed with exit code " + exitCode + ": " + stderr.strip());
            }
            return this;
        }
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the SSH server and every process any compose project on this host started. */
    @Override
    public void close() {
        try {
            server.stop(true);
        } catch (IOException e) {
            log.warn("stopping the sandbox SSH server: {}", e.getMessage());
        }
        ComposeProjects.stopAll(layout.home());
    }
}
