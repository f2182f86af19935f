package dev.ferry.sandbox.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The sandbox's certificate: one self-signed certificate (made with the JDK's {@code keytool}) for the hosted zone's
 * names, standing in for the ACM certificate on the ALB and the one on the EC2 host's web server. Servers present it
 * with {@link #serverContext()}; the sandbox's clients trust it, and only it, with {@link #clientContext()}, and
 * still check that it names the host they asked for.
 */
public final class SandboxTls {
    private static final char[] PASSWORD = "sandbox".toCharArray();

    private final SSLContext server;
    private final SSLContext client;

    private SandboxTls(SSLContext server, SSLContext client) {
        this.server = server;
        this.client = client;
    }

    /** A certificate for {@code names} (wildcards allowed; {@code ip:A.B.C.D} for an address), kept in {@code directory}. */
    public static SandboxTls create(Path directory, List<String> names) {
        Path store = directory.resolve("sandbox-tls.p12");
        try {
            Files.createDirectories(directory);
            Files.deleteIfExists(store);
            generate(store, names);
            return load(store);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the sandbox certificate in " + directory, e);
        }
    }

    /**
     * The certificate the sandbox's ElastiCache presents for TLS in transit ({@code localhost}, {@code 127.0.0.1}):
     * one per machine, at a fixed path, so every sandbox process (the stand-in app, the docker stand-in's redis-cli)
     * trusts it as a real client trusts the public CA behind ElastiCache's certificates.
     */
    public static synchronized SandboxTls cache() {
        Path store = Path.of(System.getProperty("java.io.tmpdir"), "ferry-redis", "cache-tls.p12");
        try {
            if (!Files.isReadable(store)) {
                Files.createDirectories(store.getParent());
                Path staging = Files.createTempFile(store.getParent(), "cache-tls-", ".tmp");
                Files.delete(staging);
                generate(staging, List.of("localhost", "ip:127.0.0.1"));
                Files.move(staging, store, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return load(store);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the sandbox cache certificate " + store, e);
        }
    }

    private static void generate(Path store, List<String> names) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString(), "-genkeypair", "-alias", "sandbox", "-keyalg", "EC", "-groupname", "secp256r1",
                "-validity", "3650", "-dname", "CN=" + names.get(0).replaceFirst("^ip:", ""), "-ext", "SAN="
                + String.join(",", names.stream().map(n -> n.startsWith("ip:") ? n : "dns:" + n).toList()),
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", new String(PASSWORD), "-keypass",
                new String(PASSWORD)));
        try {
            Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(keytool.getInputStream().readAllBytes());
            if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                throw new IllegalStateException("keytool could not make the sandbox certificate: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making the sandbox certificate", e);
        }
    }

    private static SandboxTls load(Path store) throws IOException {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keys.load(in, PASSWORD);
            }
            KeyManagerFactory km = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            km.init(keys, PASSWORD);
            SSLContext server = SSLContext.getInstance("TLS");
            server.init(km.getKeyManagers(), null, null);
            Certificate certificate = keys.getCertificate("sandbox");
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("sandbox", certificate);
            TrustManagerFactory tm = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tm.init(trusted);
            SSLContext client = SSLContext.getInstance("TLS");
            client.init(null, tm.getTrustManagers(), null);
            return new SandboxTls(server, client);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the sandbox certificate " + store, e);
        }
    }

    public SSLContext serverContext() {
        return server;
    }

    public SSLContext clientContext() {
        return client;
    }
}
