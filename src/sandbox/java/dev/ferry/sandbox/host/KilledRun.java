package dev.ferry.sandbox.host;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fault for rehearsing a data move that dies half-way: the next {@code docker run} of {@code program} runs for real
 * and is killed with SIGKILL (with everything it started) once it has written {@code afterLines} lines to stderr, and
 * the stand-in exits 137 as docker does for a killed container. The knob is a file in the sandbox home, used once.
 */
record KilledRun(String program, int afterLines) {
    static final String KNOB = "faults/kill-docker-run";
    static final int KILLED = 137;

    static void arm(Path sandboxHome, String program, int afterLines) {
        try {
            Path knob = sandboxHome.resolve(KNOB);
            Files.createDirectories(knob.getParent());
            Files.writeString(knob, program + " " + afterLines + "\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The armed fault for {@code command}, disarmed as it is taken; empty when none applies. */
    static Optional<KilledRun> take(Path sandboxHome, List<String> command) {
        if (sandboxHome == null || command.isEmpty()) {
            return Optional.empty();
        }
        Path knob = sandboxHome.resolve(KNOB);
        try {
            if (!Files.exists(knob)) {
                return Optional.empty();
            }
            String[] armed = Files.readString(knob).strip().split("\\s+");
            String program = Path.of(command.get(0)).getFileName().toString();
            if (!armed[0].equals(program)) {
                return Optional.empty();
            }
            Files.delete(knob);
            return Optional.of(new KilledRun(armed[0], Integer.parseInt(armed[1])));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Runs {@code command} with this JVM's stdin and stdout (pipes stream through), counting its stderr lines. */
    int run(List<String> command, Map<String, String> env, PrintStream err) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            int lines = 0;
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    err.println(line);
                    if (++lines >= afterLines) {
                        process.descendants().forEach(ProcessHandle::destroyForcibly);
                        process.destroyForcibly();
                        process.waitFor();
                        err.println("sandbox fault: killed " + program + " (SIGKILL) after " + lines + " lines");
                        return KILLED;
                    }
                }
            }
            return process.waitFor();
        } catch (IOException e) {
            err.println("docker: " + e.getMessage());
            return 127;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }
}
