package dev.ferry.database;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * pgjdbc's {@code socketFactory} for a connection through an SSH tunnel: every socket is connected to the tunnel's
 * local end ({@code socketFactoryArg} = {@code host:port}), whatever host the JDBC URL names. pgjdbc uses a socket
 * that is already connected as it is, so the URL can name the endpoint the TLS certificate is checked against without
 * the operator's machine resolving or reaching it.
 */
public final class TunnelSockets extends SocketFactory {
    private static final int CONNECT_TIMEOUT_MILLIS = 20_000;

    private final String host;
    private final int port;

    public TunnelSockets(String tunnelEnd) {
        int colon = tunnelEnd.lastIndexOf(':');
        this.host = tunnelEnd.substring(0, colon);
        this.port = Integer.parseInt(tunnelEnd.substring(colon + 1));
    }

    @Override
    public Socket createSocket() throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public Socket createSocket(String ignoredHost, int ignoredPort) throws IOException {
        return createSocket();
    }

    @Override
    public Socket createSocket(String ignoredHost, int ignoredPort, InetAddress localAddress, int localPort) throws IOException {
        return createSocket();
    }

    @Override
    public Socket createSocket(InetAddress ignoredHost, int ignoredPort) throws IOException {
        return createSocket();
    }

    @Override
    public Socket createSocket(InetAddress ignoredHost, int ignoredPort, InetAddress localAddress, int localPort)
            throws IOException {
        return createSocket();
    }
}
