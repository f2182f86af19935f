package dev.ferry.sandbox.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * What the stand-in app did, one JSON line per event, appended to a file shared by every process of the rehearsal
 * (short O_APPEND writes do not interleave). The sandbox's report is computed from these lines.
 */
final class Records {
    private final Path file;
    private final String identity;
    private final String role;

    Records(String file, String identity, String role) {
        this.file = file == null ? null : Path.of(file);
        this.identity = identity;
        this.role = role;
    }

    /** An exception's class and first line of message, for a record's detail. */
    static String describe(Exception e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("");
        return e.getClass().getSimpleName() + message;
    }

    void write(String kind, String job, String detail) {
        if (file == null) {
            return;
        }
        String line = "{\"t\":\"" + Instant.now() + "\",\"kind\":\"" + kind + "\",\"role\":\"" + role
                + "\",\"identity\":\"" + identity + "\"" + (job == null ? "" : ",\"job\":\"" + job + "\"")
                + (detail == null ? "" : ",\"detail\":\"" + detail.replace("\\", "\\\\").replace("\"", "'") + "\"") + "}\n";
        try {
            Files.write(file, line.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("stand-in: cannot write records to " + file + ": " + e.getMessage());
        }
    }
}
