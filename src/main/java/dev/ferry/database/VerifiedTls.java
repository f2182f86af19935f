package dev.ferry.database;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.plan.DatabaseSpec;
import dev.ferry.step.DatabasePorts.ConnectionSpec;
import dev.ferry.step.DatabasePorts.Tls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import javax.net.ssl.SSLException;

/**
 * TLS with full verification for a {@link ConnectionSpec} that asks for it (RDS): the certificate must chain to the CA
 * bundle and name the server ({@code sslmode=verify-full}), for JDBC and for the libpq programs alike. There is no
 * fallback: a connection that cannot be verified fails, naming the endpoint, the bundle and what to check.
 */
public final class VerifiedTls {
    static final String GLOBAL_BUNDLE_URL = DatabaseSpec.GLOBAL_BUNDLE_URL;

    private VerifiedTls() {
    }

    /** Fails, with how to get it, unless the bundle is a readable PEM file: a check to run before anything changes. */
    public static void requireBundle(Tls tls) {
        bundle(tls);
    }

    /** Why the PEM file at {@code caBundle} cannot serve as a CA bundle, or empty when it can. */
    public static Optional<String> problem(String caBundle) {
        try {
            return read(Path.of(caBundle)).contains("-----BEGIN CERTIFICATE-----") ? Optional.empty()
                    : Optional.of("the CA bundle " + caBundle + " holds no PEM certificate");
        } catch (IOException | RuntimeException e) {
            return Optional.of("cannot read the CA bundle " + caBundle + " (" + e.getClass().getSimpleName()
                    + ")");
        }
    }

    /** The bundle's PEM text; fails before any connection when it is missing, unreadable or holds no certificate. */
    static String bundle(Tls tls) {
        problem(tls.caBundle()).ifPresent(fact -> {
            throw missing(tls, fact);
        });
        try {
            return read(Path.of(tls.caBundle()));
        } catch (IOException e) {
            throw missing(tls, "cannot read the CA bundle " + tls.caBundle() + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String read(Path path) throws IOException {
        // PEM is ASCII; Latin-1 reads any byte, so a bundle with comments in another encoding is not refused.
        return Files.readString(path, StandardCharsets.ISO_8859_1);
    }

    /**
     * Sets pgjdbc's TLS properties and returns the host name for the URL. Through a tunnel the URL names the endpoint
     * (what the certificate is checked against, and the SNI) while {@link TunnelSockets} connects to the tunnel's end:
     * pgjdbc has no libpq {@code hostaddr}, and a socket that is already connected is used as it is.
     */
    static String configure(ConnectionSpec spec, Properties props) {
        bundle(spec.tls());
        props.setProperty("sslmode", "verify-full");
        props.setProperty("sslrootcert", spec.tls().caBundle());
        if (!spec.verifiesAnotherName()) {
            return spec.host();
        }
        props.setProperty("socketFactory", TunnelSockets.class.getName());
        props.setProperty("socketFactoryArg", spec.host() + ":" + spec.port());
        return spec.tls().serverName();
    }

    /** libpq keywords for the same checks; through a tunnel {@code host} is the name checked, {@code hostaddr} the address used. */
    static String conninfo(ConnectionSpec spec) {
        if (spec.tls() == null) {
            return "";
        }
        return " sslmode=verify-full sslrootcert=" + Libpq.value(spec.tls().caBundle());
    }

    /** Whether a failed connection failed in TLS: the handshake, the certificate chain or the host name. */
    static boolean failedInTls(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof SSLException || t instanceof CertificateException || message.contains("SSL")
                    || message.contains("could not be verified by hostnameverifier")) {
                return true;
            }
        }
        return false;
    }

    static FerryException failure(ConnectionSpec spec, SQLException e) {
        Tls tls = spec.tls();
        return FerryException.advised(ErrorCode.STEP_FAILED, "cannot verify the TLS certificate of the database "
                + tls.serverName() + " (sslmode=verify-full, CA bundle " + tls.caBundle() + "): "
                + String.valueOf(e.getMessage()).replaceFirst("\\.+$", "") + ". Check that target.database.caBundle"
                + " holds the authority that signed its certificate (for RDS, AWS's bundle: " + GLOBAL_BUNDLE_URL
                + ") and that " + tls.serverName() + " is the endpoint's own name; ferry does not connect to it"
                + " without verified TLS", e);
    }

    private static FerryException missing(Tls tls, String fact) {
        return FerryException.withNextAction(ErrorCode.PREFLIGHT_FAILED, fact + "; ferry connects to the database "
                + tls.serverName() + " only with verified TLS", "Download AWS's RDS bundle: "
                + "curl -fsSo " + tls.caBundle() + " " + GLOBAL_BUNDLE_URL + " (or set target.database.caBundle to"
                + " the PEM file of the authority that signed the database's certificate)");
    }
}
