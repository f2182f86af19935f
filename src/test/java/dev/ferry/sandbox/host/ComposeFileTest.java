package dev.ferry.sandbox.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComposeFileTest {

    @Test
    void readsAModernComposeFileWithLongSyntaxAndNamedVolumes(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("compose.yaml"), """
                services:
                  db:
                    image: docker.io/library/postgres:9.6
                    environment:
                      - POSTGRES_DB=app
                    volumes:
                      - type: volume
                        source: pgdata
                        target: /var/lib/postgresql/data
                    healthcheck:
                      test: ["CMD", "pg_isready"]
                  web:
                    image: example/app:1
                    command: ["serve", "--port", "8000"]
                    env_file: [./app.env]
                    depends_on:
                      db:
                        condition: service_healthy
                    ports:
                      - target: 8000
                        published: 18000
                      - "127.0.0.1:9000:9000/tcp"
                      - target: 5432
                        published: 15432
                        host_ip: 10.0.1.5
                volumes:
                  pgdata:
                """);
        ComposeFile compose = ComposeFile.load(file, dir);
        ComposeFile.ComposeService db = compose.service("db");
        assertThat(ServiceImage.of(db.image())).isEqualTo(new ServiceImage(db.image(), ServiceImage.Kind.POSTGRES, 9));
        assertThat(db.environment()).containsEntry("POSTGRES_DB", "app");
        assertThat(db.mounts()).containsExactly(new ComposeFile.Mount("pgdata", "/var/lib/postgresql/data", false));
        assertThat(db.healthcheck()).isTrue();
        ComposeFile.ComposeService web = compose.service("web");
        assertThat(web.command()).containsExactly("serve", "--port", "8000");
        assertThat(web.envFiles()).containsExactly(dir.resolve("./app.env"));
        assertThat(web.dependsOn()).containsExactly("db");
        assertThat(web.ports()).containsExactly(new ComposeFile.Port(18000, 8000, "0.0.0.0"),
                new ComposeFile.Port(9000, 9000, "127.0.0.1"), new ComposeFile.Port(15432, 5432, "10.0.1.5"));
        assertThatThrownBy(() -> compose.service("nope")).hasMessage("no such service: nope");
    }

    @Test
    void mapsImagesToWhatTheStandInRuns() {
        assertThat(ServiceImage.of("postgres:12-alpine").major()).isEqualTo(12);
        assertThat(ServiceImage.of("postgres").major()).isEqualTo(ServiceImage.LATEST_POSTGRES);
        assertThat(ServiceImage.of("pgautoupgrade/pgautoupgrade:15-alpine"))
                .extracting(ServiceImage::kind, ServiceImage::major).containsExactly(ServiceImage.Kind.PGAUTOUPGRADE, 15);
        assertThat(ServiceImage.of("redis:7-alpine").kind()).isEqualTo(ServiceImage.Kind.REDIS);
        assertThat(ServiceImage.of("redash/nginx:latest").kind()).isEqualTo(ServiceImage.Kind.APP);
    }

    @Test
    void serviceNamesInConnectionUrlsResolveToLocalPorts() {
        ServiceHosts hosts = new ServiceHosts(java.util.Map.of("postgres", "127.0.0.1:5433"));
        assertThat(hosts.rewrite("psql 'postgresql://u:p@postgres/db' && postgresql://u:p@postgres:5432/db?x=1"))
                .isEqualTo("psql 'postgresql://u:p@127.0.0.1:5433/db' && postgresql://u:p@127.0.0.1:5433/db?x=1");
        assertThat(hosts.rewrite("postgresql://u:p@postgres-replica/db")).isEqualTo("postgresql://u:p@postgres-replica/db");
        ServiceHosts redis = new ServiceHosts(java.util.Map.of("redis", "127.0.0.1:6390"));
        assertThat(redis.rewrite("redis://redis:6379/0")).isEqualTo("redis://127.0.0.1:6390/0");
        assertThat(redis.rewrite("redis://redis")).isEqualTo("redis://127.0.0.1:6390");
        assertThat(redis.rewrite("redis://redis-cache:6379/0")).isEqualTo("redis://redis-cache:6379/0");
    }
}
