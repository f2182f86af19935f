package dev.ferry.step;

import java.time.Duration;

/**
 * Where long operations tell the operator how they are going while they run: a wait for AWS, a table being copied.
 * The engine owns the rendering (a rewritten status line on a terminal, timestamped lines elsewhere, the run log).
 * Messages must not contain secrets.
 */
public interface Progress {

    /** A line worth keeping: printed and logged. */
    void report(String message);

    /**
     * The latest state of something long. On a terminal it replaces the status line; elsewhere it is printed at most
     * once per {@link #interval()}, so a 60-minute wait does not flood a CI log.
     */
    default void status(String message) {
        report(message);
    }

    /** How often a long operation should look at what it waits for and report it. */
    default Duration interval() {
        return Duration.ofSeconds(10);
    }

    /** Says nothing (tests and adapters built without a run). */
    static Progress none() {
        return message -> { };
    }

    /** "1m20s", "45s", "2h05m": an elapsed time as an operator reads it. */
    static String elapsed(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s >= 3600) {
            return String.format("%dh%02dm", s / 3600, s % 3600 / 60);
        }
        return s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
