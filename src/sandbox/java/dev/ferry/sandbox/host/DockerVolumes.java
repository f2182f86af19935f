package dev.ferry.sandbox.host;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * {@code docker volume create [--label K=V]... NAME}, {@code ls [-q] [--filter label=K=V]...} and {@code rm NAME...}:
 * a volume is {@code <sandbox home>/volumes/NAME/_data}, its labels in {@code labels.properties} beside it. Volumes
 * the compose stand-in made for a service carry no labels here.
 */
final class DockerVolumes {
    private static final String LABELS = "labels.properties";

    private final PrintStream out;
    private final PrintStream err;
    private final Path volumes;

    DockerVolumes(PrintStream out, PrintStream err, Path sandboxHome) {
        this.out = out;
        this.err = err;
        this.volumes = sandboxHome.resolve("volumes");
    }

    int run(List<String> arguments) {
        if (arguments.isEmpty()) {
            throw new ComposeError("Usage:  docker volume COMMAND");
        }
        Args args = new Args(arguments.subList(1, arguments.size()));
        return switch (arguments.get(0)) {
            case "create" -> create(args.options("--label", "-l"), args.positionals());
            case "ls", "list" -> list(args.flag("-q", "--quiet"), args.options("--filter", "-f"), args.positionals());
            case "rm", "remove" -> remove(args.flag("-f", "--force"), args.positionals());
            default -> throw new ComposeError("docker: 'volume " + arguments.get(0) + "' is not a docker command.");
        };
    }

    private int create(List<String> labels, List<String> names) {
        if (names.size() != 1) {
            throw new ComposeError("\"docker volume create\" requires at most 1 argument (the stand-in: exactly 1)");
        }
        Properties properties = new Properties();
        labels.forEach(label -> properties.setProperty(label.substring(0, Math.max(label.indexOf('='), 0)),
                label.substring(label.indexOf('=') + 1)));
        Path volume = volumes.resolve(names.get(0));
        try {
            Files.createDirectories(volume.resolve("_data"));
            try (Writer writer = Files.newBufferedWriter(volume.resolve(LABELS))) {
                properties.store(writer, "labels of docker volume " + names.get(0));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println(names.get(0));
        return 0;
    }

    private int list(boolean quiet, List<String> filters, List<String> positionals) {
        if (!positionals.isEmpty()) {
            throw new ComposeError("\"docker volume ls\" accepts no arguments.");
        }
        if (!quiet) {
            out.println("DRIVER    VOLUME NAME");
        }
        for (Path volume : volumes()) {
            Properties labels = labels(volume);
            boolean matches = filters.stream().allMatch(f -> f.startsWith("label=") && matches(labels, f.substring(6)));
            if (matches) {
                out.println(quiet ? volume.getFileName() : "local     " + volume.getFileName());
            }
        }
        return 0;
    }

    private static boolean matches(Properties labels, String label) {
        int eq = label.indexOf('=');
        return eq < 0 ? labels.containsKey(label) : label.substring(eq + 1).equals(labels.getProperty(label.substring(0, eq)));
    }

    private int remove(boolean force, List<String> names) {
        int code = 0;
        for (String name : names) {
            Path volume = volumes.resolve(name).normalize();
            if (!volume.getParent().equals(volumes) || !Files.isDirectory(volume)) {
                if (!force) {
                    err.println("Error response from daemon: get " + name + ": no such volume");
                    code = 1;
                }
                continue;
            }
            deleteTree(volume);
            out.println(name);
        }
        return code;
    }

    private List<Path> volumes() {
        if (!Files.isDirectory(volumes)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(volumes)) {
            return entries.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Properties labels(Path volume) {
        Properties labels = new Properties();
        Path file = volume.resolve(LABELS);
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                labels.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return labels;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
