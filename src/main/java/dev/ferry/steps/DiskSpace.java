package dev.ferry.steps;

import dev.ferry.engine.ActionContext;

/** Sizes and free space on the host, in bytes. */
final class DiskSpace {
    private final String sudo;

    DiskSpace(String sudo) {
        this.sudo = sudo;
    }

    String usedCommand(String path) {
        return sudo + "du -sb -- " + ShellWords.quote(path) + " | cut -f1";
    }

    String freeCommand(String path) {
        return "df -PB1 -- " + ShellWords.quote(path) + " | awk 'NR==2 {print $4}'";
    }

    long used(ActionContext ctx, String path) {
        return number(Remote.require(ctx, usedCommand(path), "Check that " + path + " exists and sudo works"));
    }

    long free(ActionContext ctx, String path) {
        return number(Remote.require(ctx, freeCommand(path), "Check that " + path + " exists"));
    }

    static String human(long bytes) {
        double gib = bytes / (1024.0 * 1024 * 1024);
        return gib >= 1 ? String.format("%.1f GiB", gib) : String.format("%.0f MiB", bytes / (1024.0 * 1024));
    }

    private static long number(String text) {
        return Long.parseLong(text.strip().split("\\s+")[0]);
    }
}
