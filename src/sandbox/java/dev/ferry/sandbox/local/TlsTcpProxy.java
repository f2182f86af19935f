package dev.ferry.sandbox.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ssl.SSLServerSocket;

/**
 * TLS in front of a plain TCP server on 127.0.0.1 (the embedded Redis has no TLS): each connection is decrypted
 * here and relayed byte for byte. A client that does not speak TLS fails the handshake and is dropped.
 */
public final class TlsTcpProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int target;

    private TlsTcpProxy(ServerSocket server, int target) {
        this.server = server;
        this.target = target;
    }

    public static TlsTcpProxy start(SandboxTls tls, int port, int target) {
        try {
            SSLServerSocket server = (SSLServerSocket) tls.serverContext().getServerSocketFactory()
                    .createServerSocket(port, 50, InetAddress.getLoopbackAddress());
            TlsTcpProxy proxy = new TlsTcpProxy(server, target);
            Thread accept = new Thread(proxy::accept, "tls-proxy-" + port);
            accept.setDaemon(true);
            accept.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for TLS on 127.0.0.1:" + port, e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread relay = new Thread(() -> relay(client), "tls-proxy-conn");
                relay.setDaemon(true);
                relay.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void relay(Socket client) {
        try (client; Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target)) {
            Thread back = new Thread(() -> pump(upstream, client), "tls-proxy-back");
            back.setDaemon(true);
            back.start();
            pump(client, upstream);
            back.join(1000);
        } catch (IOException | InterruptedException e) {
            // a failed handshake or a closed side ends the connection; the client sees it closed
        }
    }

    private static void pump(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[16384];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ended) {
            // either side closed
        } finally {
            try {
                to.shutdownOutput();
            } catch (IOException | UnsupportedOperationException ignored) {
                // SSLSocket does not support half-close; closing the relay ends it
                try {
                    to.close();
                } catch (IOException alsoIgnored) {
                    // already closed
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing a closed server socket
        }
    }
}
