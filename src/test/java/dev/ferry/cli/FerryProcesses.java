package dev.ferry.cli;

import dev.ferry.aws.AwsSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** Starts {@link CrashingFerry} processes (the shaded jar plus the test classes) one after another, keeping their output. */
final class FerryProcesses {
    private final Path dir;
    private final Path world;
    private final Path plan;
    private final List<Path> outputs = new ArrayList<>();

    private FerryProcesses(Path dir, Path world, Path plan) {
        this.dir = dir;
        this.world = world;
        this.plan = plan;
    }

    /** Describes the sandboxes for the child processes in {@code dir}/world.properties. */
    static FerryProcesses start(Path dir, AwsSettings aws, URI probe, Path plan) throws IOException {
        var credentials = aws.credentials().resolveCredentials();
        Properties world = new Properties();
        world.setProperty("region", aws.region());
        world.setProperty("endpoint", aws.endpoint().toString());
        world.setProperty("accessKeyId", credentials.accessKeyId());
        world.setProperty("secretAccessKey", credentials.secretAccessKey());
        world.setProperty("probe", probe.toString());
        Path file = dir.resolve("world.properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            world.store(out, "the rehearsal's sandboxes, for CrashingFerry");
        }
        return new FerryProcesses(dir, file, plan);
    }

    record Exit(int code, String stderr) {
    }

    /** Runs {@code ferry COMMAND PLAN} (run/resume with --yes and the decommission confirmation) to its end. */
    Exit run(int crashAfter, String command) throws IOException, InterruptedException {
        List<String> flags = command.equals("run") || command.equals("resume")
                ? List.of("--yes", "--confirm", "decommission") : List.of();
        return run(String.valueOf(crashAfter), command, flags.toArray(String[]::new));
    }

    /**
     * Runs {@code ferry COMMAND PLAN FLAGS...} to its end with a {@link CrashingFerry.Fault} ("0" for none). The
     * sweep starts a few hundred of these JVMs, each loading the same classes: the first that ends by itself (not
     * killed) dumps them into a class-data-sharing archive, which the later ones map instead of loading.
     */
    Exit run(String fault, String command, String... flags) throws IOException, InterruptedException {
        int n = outputs.size() / 2 + 1;
        Path archive = dir.resolve("ferry.jsa");
        Path dumping = dir.resolve("ferry-" + n + ".jsa.partial");
        List<String> line = new ArrayList<>(List.of("java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xmx384m", Files.exists(archive) ? "-XX:SharedArchiveFile=" + archive
                        : "-XX:ArchiveClassesAtExit=" + dumping, "-cp", classPath(), CrashingFerry.class.getName(),
                world.toString(), fault, command, plan.toString()));
        line.addAll(List.of(flags));
        Path out = dir.resolve(String.format("ferry-%03d-%s.out", n, command));
        Path err = dir.resolve(String.format("ferry-%03d-%s.err", n, command));
        outputs.add(out);
        outputs.add(err);
        Process process = new ProcessBuilder(line).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("ferry " + command + " (process " + n + ") did not end within 5 minutes; it said:\n"
                    + Files.readString(err));
        }
        if (Files.exists(dumping)) {
            if (process.exitValue() == 137) {
                Files.delete(dumping);
            } else {
                Files.move(dumping, archive, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        }
        return new Exit(process.exitValue(), Files.readString(err));
    }

    /** The shaded jar and the test classes, jarred: the JDK archives classes from jars only. */
    private String classPath() throws IOException {
        String jar = System.getProperty("ferry.jar", "target/ferry.jar");
        Path testJar = dir.resolve("test-classes.jar");
        if (!Files.exists(testJar)) {
            dev.ferry.sandbox.app.ClassArchive.jar(Path.of(jar).resolveSibling("test-classes"), testJar);
        }
        return jar + ":" + testJar;
    }

    /** Keeps the output of a run made in the test's own JVM with the processes' outputs (for the secret scan). */
    void keep(String command, String out, String err) throws IOException {
        int n = outputs.size() / 2 + 1;
        Path outFile = dir.resolve(String.format("ferry-%03d-%s-inprocess.out", n, command));
        Path errFile = dir.resolve(String.format("ferry-%03d-%s-inprocess.err", n, command));
        Files.writeString(outFile, out);
        Files.writeString(errFile, err);
        outputs.add(outFile);
        outputs.add(errFile);
    }

    int processes() {
        return outputs.size() / 2;
    }

    /** Where the processes killed themselves, in order: "step/action". */
    List<String> kills() throws IOException {
        Path file = dir.resolve(CrashingFerry.KILLS);
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    /** Every process's stdout and stderr, by file. */
    Map<Path, String> outputs() throws IOException {
        Map<Path, String> texts = new LinkedHashMap<>();
        for (Path file : outputs) {
            texts.put(file, Files.readString(file));
        }
        return texts;
    }
}
