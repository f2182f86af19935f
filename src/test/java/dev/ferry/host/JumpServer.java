package dev.ferry.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.AcceptAllPublickeyAuthenticator;
import org.apache.sshd.server.forward.StaticDecisionForwardingFilter;

/**
 * A forward-only in-process SSH server standing in for a jump host: no shell, and direct-tcpip only to the one
 * address it is given, so a route that skips or reorders hops fails. It records every address it was asked for.
 */
final class JumpServer implements AutoCloseable {
    private final SshServer server;
    private final KeyPair hostKey;
    private final List<String> connects = new CopyOnWriteArrayList<>();
    private volatile String allowed;

    private JumpServer(SshServer server, KeyPair hostKey) {
        this.server = server;
        this.hostKey = hostKey;
    }

    static JumpServer start() throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair hostKey = generator.generateKeyPair();
        SshServer server = SshServer.setUpDefaultServer();
        JumpServer jump = new JumpServer(server, hostKey);
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPublickeyAuthenticator(AcceptAllPublickeyAuthenticator.INSTANCE);
        server.setForwardingFilter(new StaticDecisionForwardingFilter(false) {
            @Override
            public boolean canConnect(Type type, SshdSocketAddress address, Session session) {
                String target = address.getHostName() + ":" + address.getPort();
                jump.connects.add(target);
                return target.equals(jump.allowed);
            }
        });
        server.start();
        return jump;
    }

    /** The one address this hop forwards to. */
    JumpServer forwardingOnlyTo(int port) {
        allowed = "127.0.0.1:" + port;
        return this;
    }

    int port() {
        return server.getPort();
    }

    List<String> connects() {
        return List.copyOf(connects);
    }

    String hostKeyLine() {
        return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(hostKey.getPublic());
    }

    @Override
    public void close() {
        try {
            server.stop(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
