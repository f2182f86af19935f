package dev.ferry.sandbox.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority of the sandbox's own and a server certificate it signed, as PEM files, for the PostgreSQL
 * servers behind the sandbox's RDS: the stand-in for AWS's RDS CA and the certificate RDS presents. Made with the JDK's
 * {@code keytool} (no openssl needed); the server key is written as PKCS#8 PEM, which PostgreSQL reads.
 */
public final class DatabaseTls {
    private static final String PASSWORD = "sandbox";
    /** The names the sandbox RDS endpoint answers to. */
    public static final List<String> ENDPOINT_NAMES = List.of("localhost", "ip:127.0.0.1");

    private final Path directory;

    private DatabaseTls(Path directory) {
        this.directory = directory;
    }

    /**
     * The sandbox RDS authority: one per machine at a fixed path, made on first use, so every sandbox world and every
     * test fork trusts the same bundle.
     */
    public static synchronized DatabaseTls sandbox() {
        Path home = Path.of(System.getProperty("java.io.tmpdir"), "ferry-rds-tls");
        if (!Files.isReadable(home.resolve("server.key"))) {
            try {
                Files.createDirectories(home.getParent());
                Path staging = Files.createTempDirectory(home.getParent(), "ferry-rds-tls-");
                create(staging, ENDPOINT_NAMES);
                Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                // Another process (a parallel test fork) may have made it first: then use that one.
                if (!Files.isReadable(home.resolve("server.key"))) {
                    throw new UncheckedIOException("cannot make the sandbox RDS certificate in " + home, e);
                }
            }
        }
        return new DatabaseTls(home);
    }

    /** A new authority in {@code directory} and a server certificate for {@code names} ({@code ip:A.B.C.D} for an address). */
    public static DatabaseTls create(Path directory, List<String> names) {
        try {
            Files.createDirectories(directory);
            Path ca = directory.resolve("ca.p12");
            Path server = directory.resolve("server.p12");
            keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "3650",
                    "-dname", "CN=ferry sandbox RDS CA", "-ext", "bc:c", "-keystore", ca.toString());
            keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "3650",
                    "-dname", "CN=" + names.get(0).replaceFirst("^ip:", ""), "-keystore", server.toString());
            keytool("-certreq", "-alias", "server", "-keystore", server.toString(), "-file",
                    directory.resolve("server.csr").toString());
            keytool("-gencert", "-alias", "ca", "-keystore", ca.toString(), "-infile", directory.resolve("server.csr")
                    .toString(), "-outfile", directory.resolve("server.crt").toString(), "-rfc", "-validity", "3650",
                    "-ext", "SAN=" + String.join(",", names.stream().map(n -> n.startsWith("ip:") ? n : "dns:" + n)
                            .toList()), "-ext", "EKU=serverAuth");
            keytool("-exportcert", "-alias", "ca", "-keystore", ca.toString(), "-rfc", "-file",
                    directory.resolve("ca.crt").toString());
            writeKey(server, directory.resolve("server.key"));
            return new DatabaseTls(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a sandbox certificate authority in " + directory, e);
        }
    }

    /** The authority's certificate (PEM): what a client trusts, as it trusts AWS's RDS bundle. */
    public Path caBundle() {
        return directory.resolve("ca.crt");
    }

    public Path certificate() {
        return directory.resolve("server.crt");
    }

    public Path key() {
        return directory.resolve("server.key");
    }

    private static void writeKey(Path store, Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, PASSWORD.toCharArray());
            byte[] der = keys.getKey("server", PASSWORD.toCharArray()).getEncoded();
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
            Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the sandbox server key from " + store, e);
        }
    }

    private static void keytool(String... arguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString()));
        command.addAll(List.of(arguments));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD, "-noprompt"));
        if (arguments[0].equals("-genkeypair")) {
            command.addAll(List.of("-keypass", PASSWORD));
        }
        try {
            Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                throw new IllegalStateException("keytool " + arguments[0] + " failed: " + output.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making a sandbox certificate", e);
        }
    }
}
