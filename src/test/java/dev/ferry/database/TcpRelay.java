package dev.ferry.database;

import dev.ferry.step.PortForward;
import dev.ferry.step.RemoteShell;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.function.Consumer;

/**
 * A {@link RemoteShell} that only forwards ports, by relaying real TCP connections from a local port on 127.0.0.1 to
 * the target: what an SSH local forward does, without SSH. Remote commands and files are not available.
 */
final class TcpRelay implements RemoteShell {
    private final String resolvedAs;

    /** Forwards to the host asked for. */
    TcpRelay() {
        this(null);
    }

    /** Forwards to {@code address} whatever host is asked for, as the source host's DNS would resolve a private name. */
    TcpRelay(String address) {
        this.resolvedAs = address;
    }

    @Override
    public PortForward forwardLocalPort(String asked, int remotePort) {
        String remoteHost = resolvedAs == null ? asked : resolvedAs;
        try {
            ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> accept(listener, remoteHost, remotePort), "relay-" + listener.getLocalPort());
            acceptor.setDaemon(true);
            acceptor.start();
            return new PortForward() {
                @Override
                public int localPort() {
                    return listener.getLocalPort();
                }

                @Override
                public void close() {
                    try {
                        listener.close();
                    } catch (IOException ignored) {
                        // closing
                    }
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void accept(ServerSocket listener, String host, int port) {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(host, port);
                pump(client.getInputStream(), server.getOutputStream(), server);
                pump(server.getInputStream(), client.getOutputStream(), client);
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pump(InputStream in, OutputStream out, Socket closeAfter) {
        Thread t = new Thread(() -> {
            try (in; out) {
                in.transferTo(out);
            } catch (IOException ignored) {
                // the other side closed
            } finally {
                try {
                    closeAfter.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }, "relay-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public CommandResult run(RemoteCommand command, Consumer<String> lines) {
        throw new UnsupportedOperationException("a relay runs no commands");
    }

    @Override
    public String readFile(String path) {
        throw new UnsupportedOperationException("a relay reads no files");
    }

    @Override
    public void writeFile(String path, String content) {
        throw new UnsupportedOperationException("a relay writes no files");
    }

    @Override
    public boolean exists(String path) {
        throw new UnsupportedOperationException("a relay reads no files");
    }

    @Override
    public void close() {
    }
}
