package dev.ferry.sandbox.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The default app stand-in: a process that only stays up, with a marker file saying it started. Enough for compose
 * state transitions until the stand-in app (HTTP /ping, queue workers, scheduler ticks) plugs in through
 * {@link AppProcessLauncher}.
 */
public final class IdleAppLauncher implements AppProcessLauncher {

    @Override
    public long launch(AppContainer container) {
        try {
            Files.createDirectories(container.directory());
            Path log = container.directory().resolve("output.log");
            Files.writeString(container.directory().resolve("up"), Instant.now() + " " + container.service() + " "
                    + container.image() + "\n");
            ProcessBuilder builder = new ProcessBuilder("setsid", "sleep", "2147483647")
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(container.environment());
            return builder.start().pid();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the stand-in for " + container.service(), e);
        }
    }
}
