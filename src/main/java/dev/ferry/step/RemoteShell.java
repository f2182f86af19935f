package dev.ferry.step;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * A shell on the source host. Implementations: SSH (JSch) for real hosts and the sandbox; a "not implemented" one
 * until then. Every method fails with a {@link dev.ferry.FerryException} that says what, where and what to do next.
 */
public interface RemoteShell extends AutoCloseable {

    /** Runs {@code command} with {@code sh -c}, streaming each output line to {@code lines}; never throws on a non-zero exit. */
    CommandResult run(RemoteCommand command, Consumer<String> lines);

    default CommandResult run(RemoteCommand command) {
        return run(command, line -> { });
    }

    String readFile(String path);

    /** Writes through a temporary file and a rename, so a reader never sees half a file. */
    void writeFile(String path, String content);

    boolean exists(String path);

    /**
     * Opens a local port on 127.0.0.1 that reaches {@code remoteHost:remotePort} from the source host's side (for a
     * private RDS endpoint, say). The tunnel lives as long as this shell's connection.
     */
    PortForward forwardLocalPort(String remoteHost, int remotePort);

    @Override
    void close();

    /** A remote command. {@code display} is what output and journal show (secrets masked); {@code idempotent} allows one retry on a dropped connection. */
    record RemoteCommand(String command, String display, Duration timeout, boolean idempotent) {
        public static RemoteCommand of(String command, Duration timeout) {
            return new RemoteCommand(command, command, timeout, true);
        }

        public RemoteCommand oneShot() {
            return new RemoteCommand(command, display, timeout, false);
        }

        public RemoteCommand shownAs(String redacted) {
            return new RemoteCommand(command, redacted, timeout, idempotent);
        }
    }

    record CommandResult(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }
}
