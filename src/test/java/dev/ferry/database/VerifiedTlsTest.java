package dev.ferry.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.sandbox.local.DatabaseTls;
import dev.ferry.sandbox.local.LocalPostgres;
import dev.ferry.step.DatabasePorts.ConnectionSpec;
import dev.ferry.step.PortForward;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ferry's connections to a database that must prove itself (RDS) against a real PostgreSQL 16 that serves a certificate
 * for {@code localhost} only (no IP address) and refuses every connection without TLS: JDBC direct and through a
 * tunnel, and the libpq programs (the machine's psql), each with the right authority, a wrong one and a wrong name.
 */
class VerifiedTlsTest {
    private static final String PASSWORD = "Tls-S3cret:pw'x";
    private static Path base;
    private static LocalPostgres server;
    private static DatabaseTls authority;
    private static DatabaseTls stranger;

    @BeforeAll
    static void start() throws Exception {
        base = Files.createTempDirectory(Path.of("/tmp"), "ferry-tls-test-");
        new ProcessBuilder("chmod", "a+x", base.toString()).start().waitFor();
        authority = DatabaseTls.create(base.resolve("ca"), List.of("localhost"));
        stranger = DatabaseTls.create(base.resolve("other-ca"), List.of("localhost"));
        server = LocalPostgres.initialise(16, base.resolve("pg"), LocalPostgres.freePort(), authority);
        try (Connection c = server.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("create role ferry_app login password '" + PASSWORD.replace("'", "''") + "'");
            Files.writeString(server.dataDirectory().resolve("pg_hba.conf"), "hostssl all postgres 127.0.0.1/32 trust\n"
                    + "hostssl all ferry_app 127.0.0.1/32 scram-sha-256\nhostnossl all all 0.0.0.0/0 reject\n");
            s.execute("select pg_reload_conf()");
        }
        awaitPlainRefused();
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.stop();
        }
        try (var paths = Files.walk(base)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void theRightAuthorityAndNameConnectOverTls() throws SQLException {
        try (Connection c = Jdbc.open(rds("localhost", server.port()).verifiedBy(authority.caBundle().toString()))) {
            assertThat(ssl(c)).isTrue();
        }
    }

    @Test
    void aWrongAuthorityFailsNamingTheEndpointTheBundleAndWhatToCheck() {
        ConnectionSpec spec = rds("localhost", server.port()).verifiedBy(stranger.caBundle().toString());
        assertThatThrownBy(() -> Jdbc.open(spec)).isInstanceOfSatisfying(FerryException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.STEP_FAILED);
            assertThat(e.getMessage()).contains("cannot verify the TLS certificate of the database localhost",
                    stranger.caBundle().toString(), "target.database.caBundle", "global-bundle.pem")
                    .doesNotContain(PASSWORD);
        });
    }

    @Test
    void aNameTheCertificateDoesNotCarryFails() {
        // 127.0.0.1 is the server's address, but its certificate names localhost only.
        ConnectionSpec spec = rds("127.0.0.1", server.port()).verifiedBy(authority.caBundle().toString());
        assertThatThrownBy(() -> Jdbc.open(spec)).isInstanceOfSatisfying(FerryException.class, e -> assertThat(
                e.getMessage()).contains("cannot verify the TLS certificate of the database 127.0.0.1")
                .doesNotContain(PASSWORD));
    }

    @Test
    void aMissingBundleFailsBeforeConnectingWithHowToGetIt() {
        String missing = base.resolve("nowhere/rds-global-bundle.pem").toString();
        assertThatThrownBy(() -> Jdbc.open(rds("localhost", server.port()).verifiedBy(missing)))
                .isInstanceOfSatisfying(FerryException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PREFLIGHT_FAILED);
                    assertThat(e.getMessage()).contains("cannot read the CA bundle " + missing, "curl -fsSo " + missing,
                            VerifiedTls.GLOBAL_BUNDLE_URL);
                });
    }

    @Test
    void aFileWithoutPemCertificatesIsRefusedBeforeConnecting() throws IOException {
        Path notPem = Files.writeString(base.resolve("not-a-bundle.pem"), "<html>rate limited</html>\n");
        assertThatThrownBy(() -> Jdbc.open(rds("localhost", server.port()).verifiedBy(notPem.toString())))
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.getMessage())
                        .contains("the CA bundle " + notPem + " holds no PEM certificate"));
    }

    @Test
    void throughATunnelTheCertificateIsCheckedAgainstTheEndpointNotTheTunnelAddress() {
        TunneledDatabase tunneled = new TunneledDatabase(TcpRelay::new, new PostgresSnapshots());
        ConnectionSpec endpoint = rds("localhost", server.port()).verifiedBy(authority.caBundle().toString());
        assertThat(tunneled.snapshot(endpoint).serverVersion()).startsWith("16");

        ConnectionSpec wrongName = rds("db.example.invalid", server.port()).verifiedBy(authority.caBundle().toString());
        // The "host" resolves db.example.invalid to the server: the server is reached, but is not that name.
        TunneledDatabase misnamed = new TunneledDatabase(() -> new TcpRelay("127.0.0.1"), new PostgresSnapshots());
        assertThatThrownBy(() -> misnamed.snapshot(wrongName)).isInstanceOfSatisfying(FerryException.class, e -> assertThat(
                e.getMessage()).contains("cannot verify the TLS certificate of the database db.example.invalid")
                .doesNotContain(PASSWORD).doesNotContain("127.0.0.1"));
    }

    @Test
    void psqlVerifiesTheEndpointDirectAndThroughATunnelWithHostaddr() throws Exception {
        ConnectionSpec direct = rds("localhost", server.port()).verifiedBy(authority.caBundle().toString());
        assertThat(psql(direct)).isEqualTo("t");
        try (PortForward forward = new TcpRelay().forwardLocalPort("127.0.0.1", server.port())) {
            ConnectionSpec tunneled = direct.reachedAt("127.0.0.1", forward.localPort());
            assertThat(Libpq.conninfo(tunneled)).contains("host=localhost hostaddr=127.0.0.1", "sslmode=verify-full");
            assertThat(psql(tunneled)).isEqualTo("t");
        }
        String refused = psql(rds("localhost", server.port()).verifiedBy(stranger.caBundle().toString()));
        assertThat(refused).contains("certificate verify failed").doesNotContain(PASSWORD);
    }

    private static ConnectionSpec rds(String host, int port) {
        return new ConnectionSpec(host, port, "postgres", "ferry_app", PASSWORD);
    }

    private static boolean ssl(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select ssl from pg_stat_ssl where pid = pg_backend_pid()")) {
            return r.next() && r.getBoolean(1);
        }
    }

    /** psql's one-line answer for whether its connection uses TLS, or its error output when it cannot connect. */
    private static String psql(ConnectionSpec spec) throws IOException, InterruptedException {
        Path passFile = Files.createTempFile(base, "pgpass", "");
        Files.writeString(passFile, Libpq.pgpassLine(spec));
        ProcessBuilder builder = new ProcessBuilder("psql", "-X", "-At", "-d", Libpq.conninfo(spec), "-c",
                "select ssl from pg_stat_ssl where pid = pg_backend_pid()").redirectErrorStream(true);
        builder.environment().put("PGPASSFILE", passFile.toString());
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    private static void awaitPlainRefused() throws InterruptedException {
        Properties props = new Properties();
        props.setProperty("user", LocalPostgres.SUPERUSER);
        props.setProperty("sslmode", "disable");
        for (int i = 0; i < 50; i++) {
            try (Connection ignored = DriverManager.getConnection(server.jdbcUrl("postgres"), props)) {
                Thread.sleep(100);
            } catch (SQLException e) {
                return;
            }
        }
        throw new IllegalStateException("the server still accepts connections without TLS");
    }
}
