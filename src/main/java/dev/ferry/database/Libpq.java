package dev.ferry.database;

import dev.ferry.step.DatabasePorts.ConnectionSpec;

/**
 * How the PostgreSQL client programs are told where to connect. Passwords never appear in a connection string: they go
 * into a password file ({@code PGPASSFILE}) that only the owner can read.
 */
public final class Libpq {
    private Libpq() {
    }

    /** A keyword/value connection string without the password: {@code host=... port=... dbname=... user=...}. */
    public static String conninfo(ConnectionSpec spec) {
        return hosts(spec) + " port=" + spec.port() + " dbname=" + value(spec.database())
                + " user=" + value(spec.user()) + " connect_timeout=20 application_name=ferry" + VerifiedTls.conninfo(spec);
    }

    /**
     * {@code host=}, or through a tunnel {@code host=<endpoint> hostaddr=<tunnel address>}: libpq verifies the
     * certificate against {@code host} and connects to {@code hostaddr}.
     */
    private static String hosts(ConnectionSpec spec) {
        return "host=" + value(spec.checkedName()) + (spec.verifiesAnotherName() ? " hostaddr=" + value(spec.host()) : "");
    }

    /**
     * The connection a subscription stores on the target server ({@code CREATE SUBSCRIPTION ... CONNECTION}), which
     * has no password file: the one string here that holds the password. Never log or show it; see
     * {@link #subscriptionPreview}.
     */
    static String conninfoWithPassword(ConnectionSpec spec) {
        String password = spec.password() == null || spec.password().isEmpty() ? "" : " password=" + value(spec.password());
        return "host=" + value(spec.host()) + " port=" + spec.port() + " dbname=" + value(spec.database())
                + " user=" + value(spec.user()) + password + " connect_timeout=20";
    }

    /** {@link #conninfoWithPassword} as previews show it: the password is {@code ****}. */
    public static String subscriptionPreview(ConnectionSpec spec) {
        return "host=" + value(spec.host()) + " port=" + spec.port() + " dbname=" + value(spec.database())
                + " user=" + value(spec.user()) + " password=**** connect_timeout=20";
    }

    /** A {@code postgresql://} URI without the password, for tools that want one (pgcopydb). */
    public static String uri(ConnectionSpec spec) {
        String tls = spec.tls() == null ? "" : "&sslmode=verify-full&sslrootcert=" + encode(spec.tls().caBundle())
                + (spec.verifiesAnotherName() ? "&hostaddr=" + encode(spec.host()) : "");
        return "postgresql://" + encode(spec.user()) + "@" + spec.checkedName() + ":" + spec.port() + "/" + encode(spec.database())
                + "?application_name=ferry" + tls;
    }

    /** One {@code .pgpass} line for this connection, or an empty string when it has no password. */
    public static String pgpassLine(ConnectionSpec spec) {
        if (spec.password() == null || spec.password().isEmpty()) {
            return "";
        }
        // libpq matches a password file line against host, the checked name, when hostaddr is given too.
        return String.join(":", escape(spec.checkedName()), String.valueOf(spec.port()), escape(spec.database()),
                escape(spec.user()), escape(spec.password())) + "\n";
    }

    static String value(String raw) {
        if (!raw.isEmpty() && raw.chars().noneMatch(c -> c == ' ' || c == '\'' || c == '\\' || c == '=')) {
            return raw;
        }
        return "'" + raw.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String escape(String field) {
        return field.replace("\\", "\\\\").replace(":", "\\:");
    }

    private static String encode(String part) {
        return java.net.URLEncoder.encode(part, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
