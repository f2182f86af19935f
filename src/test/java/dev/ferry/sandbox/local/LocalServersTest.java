package dev.ferry.sandbox.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

class LocalServersTest {

    @Test
    void startsARealPostgresOfTheRequestedMajorAndRestartsItFromItsDataDirectory() throws Exception {
        Path base = Files.createTempDirectory(Path.of("/tmp"), "ferry-pg-test-");
        Path data = base.resolve("data");
        try (LocalPostgres pg = LocalPostgres.initialise(12, data, LocalPostgres.freePort())) {
            try (Connection c = pg.connect("postgres")) {
                c.createStatement().execute("create table t(id int); insert into t values (1),(2)");
                ResultSet rs = c.createStatement().executeQuery("show server_version_num");
                rs.next();
                assertThat(rs.getInt(1) / 10000).isEqualTo(12);
            }
        }
        assertThat(LocalPostgres.majorOf(data)).isEqualTo(12);
        try (LocalPostgres again = LocalPostgres.start(data, LocalPostgres.freePort());
             Connection c = again.connect("postgres")) {
            ResultSet rs = c.createStatement().executeQuery("select count(*) from t");
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(2);
        }
    }

    @Test
    void startsARealRedis() throws Exception {
        Path dir = Files.createTempDirectory("ferry-redis-test-");
        try (LocalRedis redis = LocalRedis.start(dir, LocalPostgres.freePort());
             Socket socket = new Socket("127.0.0.1", redis.port());
             PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            out.print("PING\r\n");
            out.flush();
            assertThat(in.readLine()).isEqualTo("+PONG");
        }
    }
}
