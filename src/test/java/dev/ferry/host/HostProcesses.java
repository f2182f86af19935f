package dev.ferry.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The live (non-zombie) processes of this machine, from /proc: the test's SSH servers run their commands here. */
final class HostProcesses {
    private HostProcesses() {
    }

    /**
     * Waits up to {@code limit} until the process whose command line starts with {@code leaf} runs and its process
     * group has {@code members} live processes; returns them with the group leader's parent (the login shell).
     */
    static Set<Long> awaitCommand(String leaf, int members, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        Set<Long> found = command(leaf);
        while (found.size() < members + 1 && System.nanoTime() < deadline) {
            Thread.sleep(20);
            found = command(leaf);
        }
        return found;
    }

    private static Set<Long> command(String leaf) {
        Optional<Long> group = all().stream().filter(pid -> commandLine(pid).orElse("").startsWith(leaf))
                .filter(HostProcesses::live).findFirst().flatMap(pid -> field(pid, 2));
        if (group.isEmpty()) {
            return Set.of();
        }
        Set<Long> pids = all().stream().filter(pid -> field(pid, 2).equals(group) && live(pid))
                .collect(Collectors.toCollection(HashSet::new));
        field(group.get(), 1).ifPresent(pids::add);
        return pids;
    }

    /** Live processes whose command line contains any of {@code needles}. */
    static Set<Long> matching(String... needles) {
        return all().stream().filter(pid -> Arrays.stream(needles).anyMatch(commandLine(pid).orElse("")::contains))
                .filter(HostProcesses::live).collect(Collectors.toSet());
    }

    /** SIGKILLs whatever a failed run left behind that matches {@code needles}, so no test leaks processes. */
    static void killMatching(String... needles) {
        matching(needles).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    /** Waits up to {@code limit} until none of {@code pids} lives; returns those still alive. */
    static Set<Long> awaitGone(Set<Long> pids, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        Set<Long> alive = alive(pids);
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            alive = alive(pids);
        }
        return alive;
    }

    /** One line per process: pid, state, parent, group and command line. */
    static String describe(Set<Long> pids) {
        return pids.stream().map(pid -> pid + " " + stat(pid).map(s -> s.get(0) + " ppid " + s.get(1) + " pgrp "
                + s.get(2)).orElse("gone") + " " + commandLine(pid).orElse("")).collect(Collectors.joining("\n"));
    }

    private static Set<Long> alive(Set<Long> pids) {
        return pids.stream().filter(HostProcesses::live).collect(Collectors.toSet());
    }

    private static boolean live(long pid) {
        return stat(pid).map(s -> !s.get(0).equals("Z")).orElse(false);
    }

    /** Field {@code index} of /proc/PID/stat after the command name (0 state, 1 ppid, 2 pgrp), as a number. */
    private static Optional<Long> field(long pid, int index) {
        return stat(pid).map(s -> Long.parseLong(s.get(index)));
    }

    private static Optional<List<String>> stat(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return Optional.of(List.of(stat.substring(stat.lastIndexOf(')') + 2).split(" ")));
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
    }

    private static Optional<String> commandLine(long pid) {
        try {
            return Optional.of(new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"))).replace('\0', ' '));
        } catch (IOException gone) {
            return Optional.empty();
        }
    }

    private static List<Long> all() {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong).toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
    }
}
