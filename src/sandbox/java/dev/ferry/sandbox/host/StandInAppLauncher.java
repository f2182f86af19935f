package dev.ferry.sandbox.host;

import dev.ferry.sandbox.local.LocalPostgres;
import dev.ferry.sandbox.app.StandInProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Runs the app's compose services as the sandbox's stand-in app: the role comes from the container's command
 * ({@code server}, {@code worker}, {@code scheduler}), the environment is the container's with compose service names
 * in URLs resolved to the local PostgreSQL and Redis, the identity is {@code ec2-<service>}, and the server listens on
 * its published port. Other containers (nginx) idle. What the rehearsal adds for every app process (where the records
 * go, the scheduler's tick) is set once per host with {@link #configure}.
 */
public final class StandInAppLauncher implements AppProcessLauncher {
    static final String CONFIG_FILE = "standin-app.properties";

    /** Every stand-in app on {@code host} gets {@code environment} too (e.g. FERRY_STANDIN_RECORDS). */
    public static void configure(SandboxHost host, Map<String, String> environment) {
        Properties properties = new Properties();
        properties.putAll(environment);
        Path file = host.root().resolve(".sandbox").resolve(CONFIG_FILE);
        try (var out = Files.newOutputStream(file)) {
            properties.store(out, "environment of every stand-in app process on this host");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    @Override
    public long launch(AppContainer container) {
        String role = StandInProcess.role(container.command());
        if (role == null) {
            return new IdleAppLauncher().launch(container);
        }
        Map<String, String> env = new LinkedHashMap<>(configured());
        env.putAll(new ServiceHosts(container.serviceAddresses()).rewrite(container.environment()));
        env.putIfAbsent("STANDIN_IDENTITY", "ec2-" + container.service());
        env.put("PORT", String.valueOf(container.publishedPorts().values().stream().filter(p -> p > 0).findFirst()
                .orElseGet(LocalPostgres::freePort)));
        try {
            Files.createDirectories(container.directory());
            return StandInProcess.start(role, env, container.directory().resolve("output.log"), true).pid();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the stand-in app for " + container.service(), e);
        }
    }

    private static Map<String, String> configured() {
        String home = System.getenv(SandboxLayout.HOME_VARIABLE);
        Path file = home == null ? null : Path.of(home, CONFIG_FILE);
        Map<String, String> env = new LinkedHashMap<>();
        if (file != null && Files.exists(file)) {
            Properties properties = new Properties();
            try (var in = Files.newInputStream(file)) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            properties.forEach((k, v) -> env.put(k.toString(), v.toString()));
        }
        return env;
    }
}
