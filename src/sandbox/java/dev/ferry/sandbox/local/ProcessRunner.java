package dev.ferry.sandbox.local;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a local program to completion and fails with its output when it exits non-zero. */
final class ProcessRunner {
    private ProcessRunner() {
    }

    /** PostgreSQL refuses to run as root; when we are root, run its programs as {@code nobody}. */
    static List<String> asUnprivileged(List<String> command) {
        if (!"root".equals(System.getProperty("user.name"))) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    static String check(List<String> command, Path logFile) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            if (logFile != null) {
                builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            }
            Process process = builder.start();
            String output = logFile == null ? new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8) : "";
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new FerryException(ErrorCode.STEP_FAILED, "timed out after 120 s: " + String.join(" ", command));
            }
            if (process.exitValue() != 0) {
                throw new FerryException(ErrorCode.STEP_FAILED, String.join(" ", command) + " exited " + process.exitValue()
                        + (logFile != null ? "; see " + logFile : ": " + output.strip()));
            }
            return output;
        } catch (IOException e) {
            throw new FerryException(ErrorCode.STEP_FAILED, "cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FerryException(ErrorCode.INTERRUPTED, "interrupted while running " + command.get(0), e);
        }
    }
}
