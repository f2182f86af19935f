package dev.ferry.sandbox.host;

import dev.ferry.sandbox.local.LocalPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What pgautoupgrade does to an older data directory, done by dump and restore because the sandbox has no
 * pg_upgrade: start the old cluster, {@code pg_dumpall} (the machine's client) into a fresh cluster of the new major,
 * then replace the old directory with the new one. The old data is gone afterwards, as with pgautoupgrade.
 */
final class PostgresUpgrade {
    private static final String CLIENT_BIN = "/usr/bin/";

    private PostgresUpgrade() {
    }

    static void run(Path dataDirectory, int toMajor, PrintStream log) {
        int fromMajor = LocalPostgres.majorOf(dataDirectory);
        Path fresh = dataDirectory.resolveSibling("." + dataDirectory.getFileName() + "-upgrade-" + toMajor);
        deleteTree(fresh);
        log.println("pgautoupgrade: upgrading the data directory from PostgreSQL " + fromMajor + " to " + toMajor);
        try (LocalPostgres old = LocalPostgres.start(dataDirectory, LocalPostgres.freePort());
             LocalPostgres target = LocalPostgres.initialise(toMajor, fresh, LocalPostgres.freePort())) {
            copy(old.port(), target.port());
        }
        deleteTree(dataDirectory);
        try {
            Files.move(fresh, dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the upgraded cluster into " + dataDirectory, e);
        }
        log.println("pgautoupgrade: upgrade to PostgreSQL " + toMajor + " complete; the old data was removed");
    }

    private static void copy(int fromPort, int toPort) {
        try {
            List<Process> pipeline = ProcessBuilder.startPipeline(List.of(
                    client("pg_dumpall", fromPort),
                    client("psql", toPort, "-d", "postgres", "-X", "-q").redirectOutput(ProcessBuilder.Redirect.DISCARD)));
            Process dump = pipeline.get(0);
            Process restore = pipeline.get(1);
            String restoreErrors = new String(restore.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            String dumpErrors = new String(dump.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (dump.waitFor() != 0 || restore.waitFor() != 0) {
                throw new IllegalStateException("pg_dumpall | psql failed: " + dumpErrors + restoreErrors);
            }
            String unexpected = restoreErrors.lines()
                    .filter(l -> l.contains("ERROR:") && !l.contains("role \"" + LocalPostgres.SUPERUSER + "\" already exists"))
                    .collect(Collectors.joining("\n"));
            if (!unexpected.isEmpty()) {
                throw new IllegalStateException("restoring into the new cluster failed:\n" + unexpected);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run pg_dumpall | psql", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while upgrading", e);
        }
    }

    private static ProcessBuilder client(String program, int port, String... more) {
        List<String> command = new java.util.ArrayList<>(List.of(CLIENT_BIN + program, "-h", "127.0.0.1", "-p",
                Integer.toString(port), "-U", LocalPostgres.SUPERUSER));
        command.addAll(List.of(more));
        return new ProcessBuilder(command);
    }

    static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }
}
