package dev.ferry.pictures;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's chromium, headless, loading one local page with no network, and printing the DOM after its scripts ran.
 * A missing browser fails the test with the command that installs it (.ci/run installs it).
 */
public final class HeadlessChromium {
    static final Path BINARY = Path.of("/usr/bin/chromium");

    private HeadlessChromium() {
    }

    public static void requireInstalled() {
        if (!Files.isExecutable(BINARY)) {
            fail(BINARY + " is missing: install it with `apt-get install -y chromium` (.ci/run does)");
        }
    }

    /** The serialized DOM of {@code page} once its scripts had up to {@code budgetMillis} of virtual time. */
    public static String dumpDom(Path page, int budgetMillis) throws IOException, InterruptedException {
        requireInstalled();
        Path profile = Files.createTempDirectory("ferry-chromium-");
        try {
            List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                    "--user-data-dir=" + profile, "--virtual-time-budget=" + budgetMillis, "--dump-dom",
                    page.toUri().toString()));
            Path out = profile.resolve("dom.html");
            Path err = profile.resolve("stderr.txt");
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("chromium did not finish within 90 s loading " + page + "; stderr: " + Files.readString(err));
            }
            String dom = Files.readString(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0 || dom.isBlank()) {
                fail("chromium exited " + p.exitValue() + " loading " + page + "; stderr: " + Files.readString(err));
            }
            return dom;
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
