package dev.ferry.host;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.host.RemoteShell.CommandResult;
import dev.ferry.host.RemoteShell.RemoteCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * One run of a command on an exec channel: both output streams read line by line as they arrive, the exit status,
 * and the deadline. Closing the channel is how a timed-out or cancelled command is stopped: the server ends the
 * remote process with it.
 */
final class ChannelExecution {
    /** Output kept per stream; a command that prints more is expected to write to a file instead. */
    private static final int MAX_CAPTURE = 4 * 1024 * 1024;
    /** ssh's exit code when the remote side gave no status (killed by a signal). */
    private static final int NO_STATUS = 255;

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
        channel.setCommand(command.command());
        // ferry's own stdin is not the command's: a command that reads stdin sees end-of-file, as with `ssh -n`.
        channel.setInputStream(InputStream.nullInputStream());
        Consumer<String> sink = synchronizedSink(lines);
        try {
            Pump out = new Pump(channel.getInputStream(), sink, "stdout");
            Pump err = new Pump(channel.getErrStream(), sink, "stderr");
            channel.connect((int) Math.min(Integer.MAX_VALUE, command.timeout().toMillis()));
            out.start();
            err.start();
            long deadline = System.nanoTime() + command.timeout().toNanos();
            awaitClosed(channel, command, deadline);
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

    private static void awaitClosed(ChannelExec channel, RemoteCommand command, long deadline) {
        try {
            while (!channel.isClosed()) {
                if (System.nanoTime() > deadline) {
                    channel.disconnect();
                    throw new FerryException(ErrorCode.STEP_FAILED, "`" + command.display() + "` did not finish within "
                            + human(command.timeout()) + "; ferry closed its channel, which stops it on the host. Check"
                            + " what it was doing there, then resume (or raise the step's timeout)");
                }
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            channel.disconnect();
            Thread.currentThread().interrupt();
            throw new FerryException(ErrorCode.INTERRUPTED, "cancelled `" + command.display() + "`; its channel was"
                    + " closed, which stops it on the host", e);
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

    static String human(java.time.Duration d) {
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
                    sink.accept(line);
                    if (text.length() < MAX_CAPTURE) {
                        text.append(line).append('\n');
                    }
                }
            } catch (IOException closed) {
                // The channel closed under us (timeout, cancel, dropped connection): the caller decides what it means.
            }
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
