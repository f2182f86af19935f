package dev.ferry.sandbox.host;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import dev.ferry.sandbox.local.SandboxTls;

/**
 * {@code redis-cli [-h H] [-p P] [-n DB] [COMMAND ARGS...]} with redis-cli's non-terminal output: raw values, one a
 * line. Without a command it reads commands from standard input, one a line, as redis-cli does when piped.
 */
final class RespCli {
    private final PrintStream out;

    RespCli(PrintStream out) {
        this.out = out;
    }

    /** Connects to {@code -h}/{@code -p} when given, else to {@code host}:{@code port}. */
    int run(List<String> arguments, String host, int port, InputStream stdin) {
        return run(arguments, host, port, stdin, Map.of());
    }

    /** As redis-cli: {@code --tls} (trusting the sandbox's cache certificate), the password from -a or {@code REDISCLI_AUTH}. */
    int run(List<String> arguments, String host, int port, InputStream stdin, Map<String, String> env) {
        Args args = new Args(arguments);
        args.flag("--raw", "--no-raw", "--no-auth-warning");
        boolean tls = arguments.contains("--tls");
        if (tls) {
            args.flag("--tls");
        }
        args.option("--user");
        String password = java.util.Optional.ofNullable(args.option("-a", "--pass")).orElse(env.get("REDISCLI_AUTH"));
        String h = args.option("-h");
        String p = args.option("-p");
        String db = args.option("-n");
        List<String> command = args.positionals();
        String address = (h == null ? host : h) + ":" + (p == null ? port : Integer.parseInt(p));
        List<List<String>> commands = command.isEmpty() ? fromInput(stdin) : List.of(command);
        try (Socket socket = connect(h == null ? host : h, p == null ? port : Integer.parseInt(p), tls)) {
            OutputStream o = socket.getOutputStream();
            InputStream i = new BufferedInputStream(socket.getInputStream());
            if (password != null) {
                send(o, List.of("AUTH", password));
                read(i, false);
            }
            if (db != null) {
                send(o, List.of("SELECT", db));
                read(i, false);
            }
            boolean failed = false;
            for (List<String> c : commands) {
                send(o, c);
                failed |= read(i, true);
            }
            return failed && !command.isEmpty() ? 1 : 0;
        } catch (IOException e) {
            out.println("Could not connect to Redis at " + address + ": Connection refused");
            return 1;
        }
    }

    private static Socket connect(String host, int port, boolean tls) throws IOException {
        if (!tls) {
            return new Socket(host, port);
        }
        SSLSocket socket = (SSLSocket) SandboxTls.cache().clientContext().getSocketFactory().createSocket(host, port);
        SSLParameters verify = socket.getSSLParameters();
        verify.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(verify);
        socket.startHandshake();
        return socket;
    }

    private static List<List<String>> fromInput(InputStream stdin) {
        try {
            String text = new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().map(String::strip).filter(l -> !l.isEmpty())
                    .map(l -> List.of(l.split("\\s+"))).toList();
        } catch (IOException e) {
            throw new ComposeError("cannot read commands from standard input: " + e.getMessage());
        }
    }

    private static void send(OutputStream o, List<String> command) throws IOException {
        StringBuilder request = new StringBuilder("*" + command.size() + "\r\n");
        for (String part : command) {
            request.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(part).append("\r\n");
        }
        o.write(request.toString().getBytes(StandardCharsets.UTF_8));
        o.flush();
    }

    /** Prints one reply; true when it was an error. */
    private boolean read(InputStream in, boolean print) throws IOException {
        int type = in.read();
        String line = line(in);
        switch (type) {
            case '+', ':', '-' -> emit(print, line);
            case '$' -> {
                int length = Integer.parseInt(line);
                emit(print, length < 0 ? "" : new String(in.readNBytes(length + 2), 0, length, StandardCharsets.UTF_8));
            }
            case '*' -> {
                for (int n = Integer.parseInt(line); n > 0; n--) {
                    read(in, print);
                }
            }
            default -> throw new IOException("unexpected reply from redis");
        }
        return type == '-';
    }

    private void emit(boolean print, String text) {
        if (print) {
            out.println(text);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\r'; b = in.read()) {
            if (b < 0) {
                throw new IOException("redis closed the connection");
            }
            buffer.write(b);
        }
        in.read();
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
