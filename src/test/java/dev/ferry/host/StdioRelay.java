package dev.ferry.host;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/** {@code nc HOST PORT} in Java, for ProxyCommand tests that must not depend on netcat being installed. */
public final class StdioRelay {
    private StdioRelay() {
    }

    public static void main(String[] args) throws Exception {
        try (Socket socket = new Socket(args[0], Integer.parseInt(args[1]))) {
            Thread up = new Thread(() -> pump(System.in, socket));
            up.setDaemon(true);
            up.start();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[16384];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                System.out.write(buffer, 0, n);
                System.out.flush();
            }
        }
    }

    private static void pump(InputStream from, Socket socket) {
        try {
            OutputStream to = socket.getOutputStream();
            byte[] buffer = new byte[16384];
            for (int n = from.read(buffer); n >= 0; n = from.read(buffer)) {
                to.write(buffer, 0, n);
                to.flush();
            }
            socket.shutdownOutput();
        } catch (Exception closed) {
            // the SSH client went away; main ends when the socket closes
        }
    }
}
