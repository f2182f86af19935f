package dev.ferry.database;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a {@link Pipeline} on this machine with {@code sh -c}, exactly as the source host would: for the benchmark and tests. */
public final class LocalExecution {
    private static final Logger LOG = LoggerFactory.getLogger(LocalExecution.class);
    private static final int TAIL = 40;

    private LocalExecution() {
    }

    /** Runs to the end; never throws on a non-zero exit (the outcome says), only when the pipeline cannot start. */
    public static Outcome run(Pipeline pipeline, Consumer<String> lines) {
        return start(pipeline, lines).await();
    }

    public static Running start(Pipeline pipeline, Consumer<String> lines) {
        prepare(pipeline);
        LOG.info("running {}", pipeline.display());
        try {
            Process process = new ProcessBuilder("sh", "-c", pipeline.command()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            return new Running(process, lines, System.nanoTime());
        } catch (IOException e) {
            throw new FerryException(ErrorCode.STEP_FAILED, "cannot start the data move (" + pipeline.method().id() + "): " + e.getMessage(), e);
        }
    }

    private static void prepare(Pipeline pipeline) {
        try {
            String work = MoveScript.quote(pipeline.workDirectory());
            Process prep = new ProcessBuilder("sh", "-c", "rm -rf -- " + work + " && mkdir -m 700 -- " + work)
                    .redirectErrorStream(true).start();
            String output = new String(prep.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (prep.waitFor() != 0) {
                throw new FerryException(ErrorCode.STEP_FAILED, "cannot prepare the work directory: " + output.strip());
            }
            if (!pipeline.passFile().isEmpty()) {
                Path file = Path.of(pipeline.passFile().path());
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, pipeline.passFile().content());
            }
            if (pipeline.caFile() != null) {
                Files.writeString(Path.of(pipeline.caFile().path()), pipeline.caFile().content());
            }
        } catch (IOException e) {
            throw new FerryException(ErrorCode.STEP_FAILED, "cannot prepare the work directory: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FerryException(ErrorCode.INTERRUPTED, "interrupted while preparing the data move", e);
        }
    }

    /** A pipeline that is running; {@link #kill()} ends it and every program it started. */
    public static final class Running {
        private final Process process;
        private final Consumer<String> lines;
        private final long started;
        private volatile boolean killed;

        private Running(Process process, Consumer<String> lines, long started) {
            this.process = process;
            this.lines = lines;
            this.started = started;
        }

        public ProcessHandle handle() {
            return process.toHandle();
        }

        public void kill() {
            killed = true;
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }

        public Outcome await() {
            Deque<String> tail = new ArrayDeque<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.accept(line);
                    tail.addLast(line);
                    if (tail.size() > TAIL) {
                        tail.removeFirst();
                    }
                }
                int exit = process.waitFor();
                return new Outcome(exit, Duration.ofNanos(System.nanoTime() - started), List.copyOf(tail));
            } catch (IOException e) {
                if (killed) {
                    return new Outcome(waitQuietly(process), Duration.ofNanos(System.nanoTime() - started), List.copyOf(tail));
                }
                throw new FerryException(ErrorCode.STEP_FAILED, "lost the data move's output: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
                throw new FerryException(ErrorCode.INTERRUPTED, "interrupted during the data move", e);
            }
        }
    }

    private static int waitQuietly(Process process) {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** How a pipeline ended: its exit code, wall time and last output lines. */
    public record Outcome(int exitCode, Duration elapsed, List<String> tail) {
        public boolean ok() {
            return exitCode == 0;
        }
    }
}
