package dev.ferry.host;

import dev.ferry.Failures;
import dev.ferry.step.ActionContext;

/** Sizes and free space on the host, in bytes. */
public final class DiskSpace {
    private final String sudo;

    public DiskSpace(String sudo) {
        this.sudo = sudo;
    }

    /**
     * No pipes: in {@code sudo du | cut} the exit status is cut's, so a sudo asking for a password would read as an
     * empty size. Privileged because a volume's mountpoint under /var/lib/docker is not readable by the SSH user.
     */
    public String usedCommand(String path) {
        return sudo + "du -sb -- " + ShellWords.quote(path);
    }

    /** POSIX output in bytes: a header, then one line whose 4th column is the space available to unprivileged users. */
    public String freeCommand(String path) {
        return sudo + "df -PB1 -- " + ShellWords.quote(path);
    }

    /**
     * {@link #freeCommand} of {@code path}, or of its nearest existing parent when it does not exist yet (a backup or
     * work directory a step creates gets the room of the disk it will be created on).
     */
    public String freeNearestCommand(String path) {
        return sudo + "sh -c " + ShellWords.quote("d=$1; while [ ! -e \"$d\" ]; do d=$(dirname -- \"$d\"); done;"
                + " df -PB1 -- \"$d\"") + " sh " + ShellWords.quote(path);
    }

    public long used(ActionContext ctx, String path) {
        String out = HostCommands.require(ctx, usedCommand(path), "Check that " + path + " exists and that sudo -n works"
                + " for the SSH user; nothing was stopped or changed");
        return usedBytes(out, usedCommand(path));
    }

    public long free(ActionContext ctx, String path) {
        String out = HostCommands.require(ctx, freeCommand(path), "Check that " + path + " exists; nothing was stopped or"
                + " changed");
        return freeBytes(out, freeCommand(path));
    }

    /** The size in the output of {@link #usedCommand}. */
    public static long usedBytes(String output, String command) {
        return number(output.lines().reduce((a, b) -> b).orElse(""), 0, command);
    }

    /** The available bytes in the output of {@link #freeCommand} or {@link #freeNearestCommand}. */
    public static long freeBytes(String output, String command) {
        return number(output.lines().reduce((a, b) -> b).orElse(""), 3, command);
    }

    public static String human(long bytes) {
        double gib = bytes / (1024.0 * 1024 * 1024);
        return gib >= 1 ? String.format("%.1f GiB", gib) : String.format("%.0f MiB", bytes / (1024.0 * 1024));
    }

    private static long number(String line, int column, String command) {
        String[] columns = line.strip().split("\\s+");
        try {
            return Long.parseLong(columns[column]);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw Failures.step("cannot read a size from `" + command + "` (got \"" + line.strip() + "\")",
                    "Run it on the host by hand; nothing was stopped or changed");
        }
    }
}
