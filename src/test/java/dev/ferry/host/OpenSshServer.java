package dev.ferry.host;

import static org.assertj.core.api.Assertions.fail;

import dev.ferry.plan.SourceHost;
import dev.ferry.sandbox.local.LocalPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH {@code sshd} on a free loopback port, run as the test's own user with a temporary host key, an
 * authorized key generated for the test, no PAM and no strict modes. A machine without sshd fails the test with the
 * install command: ferry's remote commands must be proven against the server real hosts run.
 */
final class OpenSshServer implements AutoCloseable {
    static final Path SSHD = Path.of("/usr/sbin/sshd");
    static final String INSTALL = "apt-get update -qq && apt-get install -y -qq openssh-server";

    private final Process process;
    private final Path directory;
    private final int port;

    private OpenSshServer(Process process, Path directory, int port) {
        this.process = process;
        this.directory = directory;
        this.port = port;
    }

    static OpenSshServer start(Path directory) throws Exception {
        if (!Files.isExecutable(SSHD)) {
            fail("no OpenSSH server at " + SSHD + "; install it (as root): " + INSTALL);
        }
        privilegeSeparationDirectory();
        keygen(directory.resolve("host_key"));
        keygen(directory.resolve("id_ecdsa"));
        Files.copy(directory.resolve("id_ecdsa.pub"), directory.resolve("authorized_keys"));
        int port = LocalPostgres.freePort();
        Path config = directory.resolve("sshd_config");
        Files.writeString(config, String.join("\n", "Port " + port, "ListenAddress 127.0.0.1",
                "HostKey " + directory.resolve("host_key"), "AuthorizedKeysFile " + directory.resolve("authorized_keys"),
                "PidFile " + directory.resolve("sshd.pid"), "UsePAM no", "StrictModes no", "PubkeyAuthentication yes",
                "PasswordAuthentication no", "KbdInteractiveAuthentication no", "Subsystem sftp internal-sftp", ""));
        Path log = directory.resolve("sshd.log");
        Process sshd = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        OpenSshServer server = new OpenSshServer(sshd, directory, port);
        server.awaitListening(log);
        Files.writeString(directory.resolve("known_hosts"), "[127.0.0.1]:" + port + " "
                + Files.readString(directory.resolve("host_key.pub")));
        return server;
    }

    /** sshd refuses to start without its privilege separation directory, which a container may lack. */
    private static void privilegeSeparationDirectory() {
        try {
            Files.createDirectories(Path.of("/run/sshd"));
        } catch (IOException e) {
            fail("sshd needs /run/sshd (privilege separation) and it cannot be created (" + e + "); create it as root:"
                    + " mkdir -p /run/sshd");
        }
    }

    private static void keygen(Path file) throws Exception {
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-f",
                file.toString()).redirectErrorStream(true).start();
        String out = new String(keygen.getInputStream().readAllBytes());
        if (keygen.waitFor() != 0) {
            fail("ssh-keygen for " + file + " failed: " + out);
        }
    }

    private void awaitListening(Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            String text = Files.exists(log) ? Files.readString(log) : "";
            if (text.contains("Server listening on")) {
                return;
            }
            if (!process.isAlive()) {
                fail("sshd exited " + process.exitValue() + " at start: " + text);
            }
            Thread.sleep(20);
        }
        close();
        fail("sshd did not listen within 15 s: " + Files.readString(log));
    }

    SourceHost sourceHost() {
        return new SourceHost("127.0.0.1", System.getProperty("user.name"), port,
                directory.resolve("id_ecdsa").toString(), directory.resolve("known_hosts").toString(), null);
    }

    List<String> log() throws IOException {
        return Files.readAllLines(directory.resolve("sshd.log"));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
