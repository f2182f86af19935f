package dev.ferry.sandbox.host;

import dev.ferry.host.SshOptions;
import dev.ferry.host.SshShell;
import java.nio.file.Files;
import java.nio.file.Path;

/** A sandbox host seeded with Redash's layout and an SSH shell on it, for tests that talk to it over real SSH. */
record SeededHost(SandboxHost host, SshShell shell, RedashSandbox redash) implements AutoCloseable {

    static SeededHost start(String prefix) throws Exception {
        Path root = Files.createTempDirectory(Path.of("/tmp"), prefix);
        SandboxHost host = SandboxHost.start(root);
        SshShell shell = SshShell.open(host.sourceHost(host.writeKnownHosts(root.resolve("known_hosts"))),
                SshOptions.isolated());
        return new SeededHost(host, shell, RedashSandbox.seed(host));
    }

    @Override
    public void close() {
        shell.close();
        host.close();
        PostgresUpgrade.deleteTree(host.root());
    }
}
