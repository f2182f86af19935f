package dev.ferry.host;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * Runs a remote command as the leader of a process group of its own, and stops that whole group. Closing an exec
 * channel does not stop a command on OpenSSH: without a pty sshd only closes its pipes, so {@code sleep},
 * {@code pg_dump | pg_restore} or {@code docker compose} carry on. An SSH "signal" request does not reach it either:
 * OpenSSH signals the login shell's group, and older servers ignore the request. So the command reports its group
 * on stderr, and stopping it is a {@code kill} of that group over a second channel.
 */
final class RemoteProcessGroup {
    /** The line the wrapper writes to stderr before the command starts; it is not the command's output. */
    static final String MARKER = "ferry-process-group ";
    /** How long the group gets after SIGTERM (a script's EXIT trap removes its work files) before SIGKILL. */
    static final Duration GRACE = Duration.ofSeconds(5);
    private static final int POLLS_PER_SECOND = 10;

    private RemoteProcessGroup() {
    }

    /**
     * {@code COMMAND} under {@code sh -c}, in a new session whose id (= process group) is printed first. setsid must
     * not be the login shell's last command: a shell may exec it, and setsid forks (so the caller would see exit 0
     * at once) when it already leads a group, as the login shell sshd started does.
     */
    static String wrap(String command) {
        return "setsid sh -c 'echo \"" + MARKER + "$$\" >&2; exec sh -c \"$1\"' ferry " + quote(command) + "; exit $?";
    }

    /** The group a {@link #MARKER} line names. */
    static OptionalLong parse(String line) {
        if (!line.startsWith(MARKER)) {
            return OptionalLong.empty();
        }
        try {
            long group = Long.parseLong(line.substring(MARKER.length()).strip());
            return group > 1 ? OptionalLong.of(group) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * SIGTERM to the group, SIGKILL after {@link #GRACE} if any member is left; prints {@code gone},
     * {@code terminated} or {@code killed}. A SIGKILLed process dies when the kernel next schedules it, which on a
     * busy host is not at once, so {@code killed} waits up to 2 s for the group to be gone. {@code kill -s SIG -- -PGID} is the form both dash and bash accept (dash
     * rejects {@code kill -TERM -- -PGID}). A member that died but is not reaped yet still answers
     * {@code kill -s 0}: members reparented to an init that reaps slowly (containers) would look alive, so ps,
     * where it works, has the last word.
     */
    static String stopCommand(long group) {
        String g = " -- -" + group + " 2>/dev/null";
        long polls = GRACE.toSeconds() * POLLS_PER_SECOND;
        return "live() { kill -s 0" + g + " || return 1; s=$(ps -e -o pgid= -o stat= 2>/dev/null) || return 0;"
                + " echo \"$s\" | awk '$1 == " + group + " && $2 !~ /^Z/ { n = 1 } END { exit !n }'; };"
                + " kill -s TERM" + g + " || { echo gone; exit 0; }; i=0; while live; do"
                + " if [ $i -ge " + polls + " ]; then kill -s KILL" + g + "; j=0;"
                + " while live && [ $j -lt " + POLLS_PER_SECOND * 2 + " ]; do sleep 0.1 2>/dev/null || sleep 1;"
                + " j=$((j+1)); done; echo killed; exit 0; fi;"
                + " sleep 0.1 2>/dev/null || sleep 1; i=$((i+1)); done; echo terminated";
    }

    /** Stops {@code group} over a new channel of {@code session}; returns what the host says it did. */
    static String stop(Session session, long group) throws JSchException, IOException {
        ChannelExec channel = (ChannelExec) session.openChannel("exec");
        channel.setCommand(stopCommand(group));
        channel.setInputStream(InputStream.nullInputStream());
        try {
            InputStream out = channel.getInputStream();
            // No connect timeout: with one, JSch waits for the open confirmation once, so a wake-up before it arrives
            // (an interrupt, a spurious one) fails the stop with "channel is not opened."; without, it polls for 20 s.
            channel.connect();
            return new String(out.readAllBytes(), StandardCharsets.UTF_8).strip();
        } finally {
            channel.disconnect();
        }
    }

    private static String quote(String text) {
        return ShellQuoting.quoted(text);
    }
}
