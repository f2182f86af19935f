package dev.ferry.host;

import dev.ferry.step.PortForward;
import dev.ferry.step.RemoteShell;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.plan.SourceHost;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RemoteShell} over SSH (JSch). One connection per shell, reopened when it drops. Only
 * {@link RemoteCommand#display()} is ever logged or put in a message: {@link RemoteCommand#command()} may hold secrets.
 */
public final class SshShell implements RemoteShell {
    private static final Logger log = LoggerFactory.getLogger(SshShell.class);

    private final SshSessions sessions;
    private final SshFiles files;

    private SshShell(SshSessions sessions) {
        this.sessions = sessions;
        this.files = new SshFiles(this::sftp, sessions.target());
    }

    /** Connects now, so a bad host key, key file or address fails the preflight rather than a later step. */
    public static SshShell open(SourceHost host, SshOptions options) {
        SshSessions sessions = new SshSessions(host, options);
        sessions.session(ErrorCode.PREFLIGHT_FAILED);
        return new SshShell(sessions);
    }

    @Override
    public CommandResult run(RemoteCommand command, Consumer<String> lines) {
        log.info("{}$ {}", sessions.target(), command.display());
        ChannelExecution.Outcome outcome = attempt(command, lines);
        if (outcome.dropped() && command.idempotent()) {
            log.warn("the connection to {} dropped while running `{}`; reconnecting and running it once more (it is"
                    + " safe to repeat)", sessions.target(), command.display());
            sessions.disconnect();
            outcome = attempt(command, lines);
        }
        if (outcome.dropped()) {
            throw FerryException.advised(ErrorCode.STEP_FAILED, "the connection to " + sessions.target() + " dropped while"
                    + " running `" + command.display() + "`; it may or may not have completed. Check on the host"
                    + " whether it did (and its effects), then `ferry resume PLAN`" + (command.idempotent()
                    ? " (it dropped on the retry too; check the network)" : "; ferry does not repeat it by itself"));
        }
        CommandResult result = outcome.result();
        log.debug("`{}` exited {}", command.display(), result.exitCode());
        return result;
    }

    private ChannelExecution.Outcome attempt(RemoteCommand command, Consumer<String> lines) {
        Session session = sessions.session(ErrorCode.STEP_FAILED);
        try {
            return ChannelExecution.run(session, command, lines);
        } catch (JSchException notStarted) {
            // The channel never opened, so the command did not start: reconnecting and starting it is safe.
            log.warn("could not open a channel to {} ({}); reconnecting", sessions.target(), notStarted.getMessage());
            sessions.disconnect();
            try {
                return ChannelExecution.run(sessions.session(ErrorCode.STEP_FAILED), command, lines);
            } catch (JSchException e) {
                throw new FerryException(ErrorCode.STEP_FAILED, "cannot start `" + command.display() + "` on "
                        + sessions.target() + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public String readFile(String path) {
        return files.read(path);
    }

    @Override
    public void writeFile(String path, String content) {
        files.write(path, content);
    }

    @Override
    public boolean exists(String path) {
        return files.exists(path);
    }

    @Override
    public PortForward forwardLocalPort(String remoteHost, int remotePort) {
        Session session = sessions.session(ErrorCode.STEP_FAILED);
        try {
            int local = session.setPortForwardingL("127.0.0.1", 0, remoteHost, remotePort);
            log.info("forwarding 127.0.0.1:{} to {}:{} through {}", local, remoteHost, remotePort, sessions.target());
            return new SessionPortForward(session, local);
        } catch (JSchException e) {
            throw new FerryException(ErrorCode.STEP_FAILED, "cannot forward a local port to " + remoteHost + ":"
                    + remotePort + " through " + sessions.target() + ": " + e.getMessage(), e);
        }
    }

    private ChannelSftp sftp() {
        try {
            ChannelSftp channel = (ChannelSftp) sessions.session(ErrorCode.STEP_FAILED).openChannel("sftp");
            channel.connect();
            return channel;
        } catch (JSchException e) {
            throw new FerryException(ErrorCode.STEP_FAILED, "cannot open SFTP on " + sessions.target() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        sessions.close();
    }

    private record SessionPortForward(Session session, int localPort) implements PortForward {
        @Override
        public void close() {
            try {
                if (session.isConnected()) {
                    session.delPortForwardingL("127.0.0.1", localPort);
                }
            } catch (JSchException e) {
                LoggerFactory.getLogger(SshShell.class).debug("port forward {} already gone: {}", localPort,
                        e.getMessage());
            }
        }
    }
}
