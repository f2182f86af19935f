package dev.ferry.host;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.step.RemoteShell.CommandResult;
import dev.ferry.step.RemoteShell.RemoteCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a command on an exec channel: both output streams read line by line as they arrive, the exit status,
 * and the deadline. The command runs in a process group of its own ({@link RemoteProcessGroup}); a timed-out or
 * cancelled command is stopped by killing that group over a second channel, since closing the channel does not stop
 * it on an OpenSSH host.
 */
final class ChannelExecution {
    private static final Logger log = LoggerFactory.getLogger(ChannelExecution.class);
    /** Output kept per stream; a command that prints more is expected to write to a file instead. */
    private static final int MAX_CAPTURE = 4 * 1024 * 1024;
    /** ssh's exit code when the remote side gave no status (killed by a signal). */
    private static final int NO_STATUS = 255;
    private static final Duration GROUP_WAIT = Duration.ofSeconds(2);

    /** The command either completed (with any exit code) or lost its connection before it could say how it ended. */
    record Outcome(CommandResult result) {
        boolean dropped() {
            return result == null;
        }
    }

    private ChannelExecution() {
    }

    static Outcome run(Session session, RemoteCommand command, Consumer<String> lines) throws JSchException {
        ChannelExec channel = (ChannelExec) session.openChannel("exec");
        channel.setCommand(RemoteProcessGroup.wrap(command.command()));
        // ferry's own stdin is not the command's: a command that reads stdin sees end-of-file, as with `ssh -n`.
        channel.setInputStream(InputStream.nullInputStream());
        Consumer<String> sink = synchronizedSink(lines);
        try {
            Pump out = new Pump(channel.getInputStream(), sink, "stdout");
            Pump err = new Pump(channel.getErrStream(), sink, "stderr");
            err.watchForGroup();
            channel.connect((int) Math.min(Integer.MAX_VALUE, command.timeout().toMillis()));
            out.start();
            err.start();
            long deadline = System.nanoTime() + command.timeout().toNanos();
            awaitClosed(session, channel, command, deadline, err);
            out.awaitEnd(deadline);
            err.awaitEnd(deadline);
            int status = channel.getExitStatus();
            if (status == -1 && connectionLost(session)) {
                return new Outcome(null);
            }
            return new Outcome(new CommandResult(status == -1 ? NO_STATUS : status, out.text(), err.text()));
        } catch (IOException e) {
            return new Outcome(null);
        } finally {
            channel.disconnect();
        }
    }

    private static void awaitClosed(Session session, ChannelExec channel, RemoteCommand command, long deadline,
                                    Pump err) {
        try {
            while (!channel.isClosed()) {
                if (System.nanoTime() > deadline) {
                    String stopped = stop(session, channel, err);
                    throw FerryException.advised(ErrorCode.STEP_FAILED, "`" + command.display() + "` did not finish within "
                            + human(command.timeout()) + stopped + ". Check what it was doing there, then resume (or"
                            + " raise the step's timeout)");
                }
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            String stopped = stop(session, channel, err);
            Thread.currentThread().interrupt();
            throw new FerryException(ErrorCode.INTERRUPTED, "cancelled `" + command.display() + "`" + stopped, e);
        }
    }

    /**
     * Kills the command's process group, then closes its channel; says how that went, as the end of a sentence. Runs
     * with the interrupt flag cleared, or a cancel would also cancel the stopping. The group arrives on stderr, so a
     * command stopped just after it started gets a moment for that line to come in.
     */
    private static String stop(Session session, ChannelExec channel, Pump err) {
        boolean interrupted = Thread.interrupted();
        OptionalLong group = err.awaitGroup(GROUP_WAIT);
        try {
            if (group.isEmpty()) {
                return "; ferry never learned its process group on the host, so it only closed the channel and the"
                        + " command may still run there: look for it with `ps -ef` on the host";
            }
            String how = RemoteProcessGroup.stop(session, group.getAsLong());
            log.debug("process group {} on the host: {}", group.getAsLong(), how);
            return switch (how) {
                case "gone" -> "; it ended on the host as ferry stopped it";
                case "killed" -> "; ferry stopped it on the host (SIGTERM to its process group, SIGKILL after "
                        + human(RemoteProcessGroup.GRACE) + ")";
                default -> "; ferry stopped it on the host (SIGTERM to its process group)";
            };
        } catch (JSchException | IOException e) {
            return "; ferry could not stop it on the host (" + e.getMessage() + ") and it may still run there: stop it"
                    + " with `kill -s TERM -- -" + group.getAsLong() + "` on the host";
        } finally {
            channel.disconnect();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * JSch closes the channels of a broken session before it marks the session disconnected, so a channel that ended
     * without a status gets a moment for the session to catch up.
     */
    private static boolean connectionLost(Session session) {
        long until = System.nanoTime() + 2_000_000_000L;
        while (session.isConnected() && System.nanoTime() < until) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return !session.isConnected();
    }

    static String human(Duration d) {
        return d.toMillis() % 1000 != 0 ? d.toMillis() + " ms" : d.toSeconds() + " s";
    }

    private static Consumer<String> synchronizedSink(Consumer<String> lines) {
        Object lock = new Object();
        return line -> {
            synchronized (lock) {
                lines.accept(line);
            }
        };
    }

    /** Reads one stream on its own thread; a stream that blocks must not stall the other. */
    private static final class Pump extends Thread {
        private final InputStream in;
        private final Consumer<String> sink;
        private final StringBuilder text = new StringBuilder();
        private volatile boolean watching;
        private volatile long group = -1;

        Pump(InputStream in, Consumer<String> sink, String name) {
            super("ssh-" + name);
            setDaemon(true);
            this.in = in;
            this.sink = sink;
        }

        @Override
        public void run() {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (watching && takeGroup(line)) {
                        continue;
                    }
                    sink.accept(line);
                    if (text.length() < MAX_CAPTURE) {
                        text.append(line).append('\n');
                    }
                }
            } catch (IOException closed) {
                // The channel closed under us (timeout, cancel, dropped connection): the caller decides what it means.
            }
        }

        /** Takes the first {@link RemoteProcessGroup#MARKER} line on this stream as the group, not as output. */
        void watchForGroup() {
            watching = true;
        }

        private boolean takeGroup(String line) {
            OptionalLong parsed = RemoteProcessGroup.parse(line);
            parsed.ifPresent(g -> {
                group = g;
                watching = false;
            });
            return parsed.isPresent();
        }

        OptionalLong awaitGroup(Duration wait) {
            long until = System.nanoTime() + wait.toNanos();
            while (group < 0 && isAlive() && System.nanoTime() < until) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            long g = group;
            return g < 0 ? OptionalLong.empty() : OptionalLong.of(g);
        }

        void awaitEnd(long deadline) {
            try {
                join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        String text() {
            return text.toString();
        }
    }
}
