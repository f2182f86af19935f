package dev.ferry.host;

import com.jcraft.jsch.Proxy;
import com.jcraft.jsch.SocketFactory;
import java.io.BufferedReader;
import java.util.concurrent.TimeUnit;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenSSH's {@code ProxyCommand} for JSch (which has none): the command runs locally under {@code sh -c}, and its
 * stdin/stdout carry the SSH connection. The command is the user's own config and runs as written; only the values
 * substituted into it (%h, %p, %r, %n: the plan's host, port, user and alias) are shell-quoted. Its stderr goes to
 * the log, and its last line is kept for the error message when the connection fails.
 */
final class CommandProxy implements Proxy {
    private static final Logger log = LoggerFactory.getLogger(CommandProxy.class);

    private final String command;
    private volatile String lastError;
    private Process process;
    private Thread drain;

    CommandProxy(String command) {
        this.command = command;
    }

    /** The config's ProxyCommand with %h %p %r %n expanded (each value single-quoted) and %% as a percent sign. */
    static String expand(String template, SshEndpoint target) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '%' || i + 1 == template.length()) {
                out.append(c);
                continue;
            }
            char token = template.charAt(++i);
            switch (token) {
                case 'h' -> out.append(ShellQuoting.quoted(target.hostname()));
                case 'p' -> out.append(ShellQuoting.quoted(String.valueOf(target.port())));
                case 'r' -> out.append(ShellQuoting.quoted(target.user()));
                case 'n' -> out.append(ShellQuoting.quoted(target.alias()));
                case '%' -> out.append('%');
                default -> out.append('%').append(token);
            }
        }
        return out.toString();
    }

    @Override
    public void connect(SocketFactory ignored, String host, int port, int timeout) throws IOException {
        process = new ProcessBuilder("sh", "-c", command).start();
        drain = new Thread(this::drainStderr, "proxy-command-stderr");
        drain.setDaemon(true);
        drain.start();
        log.info("SSH to {}:{} through ProxyCommand `{}` (pid {})", host, port, command, process.pid());
    }

    private void drainStderr() {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            for (String line = err.readLine(); line != null; line = err.readLine()) {
                lastError = line;
                log.warn("ProxyCommand: {}", line);
            }
        } catch (IOException closed) {
            log.debug("ProxyCommand stderr closed: {}", closed.getMessage());
        }
    }

    /**
     * The command's last stderr line, or {@code null}. A command that fails may still be writing its reason as the
     * connection breaks, so this gives it a moment to end and its stderr to be read.
     */
    String lastError() {
        if (process != null && drain != null) {
            try {
                if (process.waitFor(1, TimeUnit.SECONDS)) {
                    drain.join(1000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return lastError;
    }

    @Override
    public InputStream getInputStream() {
        return process.getInputStream();
    }

    @Override
    public OutputStream getOutputStream() {
        return process.getOutputStream();
    }

    @Override
    public Socket getSocket() {
        return null;
    }

    @Override
    public void close() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
    }
}
