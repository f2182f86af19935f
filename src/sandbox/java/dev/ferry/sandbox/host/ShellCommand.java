package dev.ferry.sandbox.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exec request on the sandbox host: {@code sh -c COMMAND} as a real local process, in the user's home under the
 * sandbox root, with the docker stand-in first on PATH. Closing the channel (a client timeout, a dropped connection)
 * kills the process and everything it started that is still attached to it.
 */
final class ShellCommand implements Command {
    private static final Logger log = LoggerFactory.getLogger(ShellCommand.class);

    private final String command;
    private final Function<String, Map<String, String>> environment;
    private final FaultInjection faults;
    private final Consumer<String> executed;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private volatile Process process;

    ShellCommand(String command, Function<String, Map<String, String>> environment, FaultInjection faults,
                 Consumer<String> executed) {
        this.command = command;
        this.environment = environment;
        this.faults = faults;
        this.executed = executed;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        Map<String, String> variables = environment.apply(channel.getSession().getUsername());
        Path home = Path.of(variables.get("HOME"));
        Files.createDirectories(home);
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", command).directory(home.toFile());
        builder.environment().clear();
        builder.environment().putAll(variables);
        executed.accept(command);
        process = builder.start();
        Thread stdout = copy(process.getInputStream(), out, "stdout", false);
        Thread stderr = copy(process.getErrorStream(), err, "stderr", false);
        copy(in, process.getOutputStream(), "stdin", true);
        faults.onStart(command, channel.getSession());
        Thread waiter = new Thread(() -> finish(stdout, stderr), "sandbox-exec-wait");
        waiter.setDaemon(true);
        waiter.start();
    }

    private void finish(Thread stdout, Thread stderr) {
        try {
            int code = process.waitFor();
            // A background child may keep the pipes open; its output is not the command's.
            stdout.join(5000);
            stderr.join(5000);
            out.flush();
            err.flush();
            exit.onExit(code);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException closed) {
            log.debug("channel closed before the exit status of a command was sent");
        }
    }

    private static Thread copy(InputStream from, OutputStream to, String name, boolean closeTarget) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try {
                for (int n = from.read(buffer); n >= 0; n = from.read(buffer)) {
                    to.write(buffer, 0, n);
                    to.flush();
                }
            } catch (IOException ignored) {
                // The other side went away: the process ended or the channel closed.
            } finally {
                if (closeTarget) {
                    closeQuietly(to);
                }
            }
        }, "sandbox-exec-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void closeQuietly(OutputStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void destroy(ChannelSession channel) {
        Process p = process;
        if (p != null && p.isAlive()) {
            log.info("channel closed while a command was running; killing it (pid {})", p.pid());
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }
}
