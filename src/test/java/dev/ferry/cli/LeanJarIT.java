package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** What the packaged jar carries: one redis-server, for the one platform the demo runs on, and the sandbox behind a service. */
class LeanJarIT {
    private static final Path JAR = Path.of(System.getProperty("ferry.jar", "target/ferry.jar"));

    @Test
    void theJarCarriesOneRedisServerAndReachesTheSandboxOnlyThroughItsService() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> names = jar.stream().map(JarEntry::getName).toList();
            assertThat(names.stream().filter(n -> n.startsWith("redis-server"))).containsExactly(
                    "redis-server-6.2.6-v5-linux-amd64");
            assertThat(names).noneMatch(n -> n.endsWith(".exe") || n.contains("darwin"));
            assertThat(names).contains("META-INF/services/dev.ferry.wiring.Rehearsals",
                    "dev/ferry/sandbox/SandboxRehearsals.class", "dev/ferry/cli/Main.class");
            try (var in = jar.getInputStream(jar.getEntry("META-INF/services/dev.ferry.wiring.Rehearsals"))) {
                assertThat(new String(in.readAllBytes())).contains("dev.ferry.sandbox.SandboxRehearsals");
            }
        }
        System.out.printf("target/ferry.jar: %.1f MB%n", Files.size(JAR) / 1e6);
    }
}
