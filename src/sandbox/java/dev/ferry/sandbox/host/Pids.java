package dev.ferry.sandbox.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Processes that the docker stand-in started in an earlier JVM, known only by pid. Orphans here may stay zombies
 * (nobody reaps them), so "alive" means present and not a zombie; the start time guards against a reused pid.
 */
final class Pids {
    private Pids() {
    }

    static boolean alive(long pid, String startTime) {
        String stat = stat(pid);
        if (stat == null) {
            return false;
        }
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return !fields[0].equals("Z") && (startTime == null || startTime.equals(fields[19]));
    }

    /** The kernel's start time of {@code pid} (clock ticks since boot), or null when it is gone. */
    static String startTime(long pid) {
        String stat = stat(pid);
        return stat == null ? null : stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19];
    }

    static void signal(long pid, String signal) {
        try {
            new ProcessBuilder(List.of("kill", "-" + signal, Long.toString(pid))).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("cannot signal " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends {@code signal}, waits up to {@code grace} for the process to end, then kills it. */
    static void stop(long pid, String startTime, String signal, Duration grace) {
        if (!alive(pid, startTime)) {
            return;
        }
        ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(ProcessHandle::destroy));
        signal(pid, signal);
        long deadline = System.nanoTime() + grace.toNanos();
        while (alive(pid, startTime) && System.nanoTime() < deadline) {
            sleep(25);
        }
        if (alive(pid, startTime)) {
            signal(pid, "KILL");
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String stat(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException gone) {
            return null;
        }
    }
}
