package dev.ferry.plan;

/** The EC2 host that runs docker compose today, reached over SSH (optionally through a bastion). */
public record SourceHost(
        String host,
        String user,
        int port,
        String identityFile,
        String knownHosts,
        Bastion bastion) {

    /** A jump host (ProxyJump); {@code null} in {@link SourceHost#bastion()} when the host is reached directly. */
    public record Bastion(String host, String user, int port, String identityFile) {
    }
}
