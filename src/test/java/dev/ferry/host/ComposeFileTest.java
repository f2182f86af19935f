package dev.ferry.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.ferry.FerryException;
import java.util.List;
import org.junit.jupiter.api.Test;

public class ComposeFileTest {
    /** The docker-compose.yml Redash's setup script wrote (format 2, two-space indent, links). */
    public static final String V2 = """
            version: "2"
            x-redash-service: &redash-service
              image: redash/redash:8.0.0.b32245
              depends_on:
                - postgres
                - redis
              env_file: /opt/redash/env
              restart: always
            services:
              server:
                <<: *redash-service
                command: server
                ports:
                  - "5000:5000"
                environment:
                  REDASH_WEB_WORKERS: 4
              scheduler:
                <<: *redash-service
                command: scheduler
                environment:
                  QUEUES: "celery"
                  WORKERS_COUNT: 1
              worker:
                <<: *redash-service
                command: worker
              redis:
                image: redis:5.0-alpine
                restart: always
              postgres:
                image: postgres:9.6-alpine  # pinned by setup.sh
                env_file: /opt/redash/env
                volumes:
                  - /opt/redash/postgres-data:/var/lib/postgresql/data
                restart: always
              nginx:
                image: redash/nginx:latest
                ports:
                  - "80:80"
                depends_on:
                  - server
                links:
                  - server:redash
                restart: always
            """;

    /** A modern compose.yaml: no version, four-space indent, map-form depends_on, flow lists, comments. */
    static final String MODERN = """
            # Redash on one host
            services:
                server:
                    image: redash/redash:10.1.0.b50633
                    command: server
                    depends_on:
                        postgres:
                            condition: service_healthy
                        redis:
                            condition: service_started
                    env_file: env

                # background jobs
                worker:
                    image: redash/redash:10.1.0.b50633
                    command: worker
                    depends_on: [postgres, "redis"]

                postgres:
                    image: "postgres:13-alpine"
                    volumes:
                        - type: bind
                          source: ./postgres-data
                          target: /var/lib/postgresql/data
                        - pgconf:/etc/postgresql
                    healthcheck:
                        test: ["CMD", "pg_isready"]

                redis:
                    image: redis:7-alpine
            volumes:
                pgconf: {}
            """;

    @Test
    void listsServicesAndImages() {
        assertThat(ComposeFile.parse(V2).services()).containsExactly("server", "scheduler", "worker", "redis", "postgres", "nginx");
        assertThat(ComposeFile.parse(MODERN).services()).containsExactly("server", "worker", "postgres", "redis");
        assertThat(ComposeFile.parse(V2).image("postgres")).contains("postgres:9.6-alpine");
        assertThat(ComposeFile.parse(MODERN).image("postgres")).contains("postgres:13-alpine");
        assertThat(ComposeFile.parse(V2).image("server")).isEmpty();
    }

    @Test
    void swapsOnlyTheImageValueKeepingQuotesAndComment() {
        String v2 = ComposeFile.parse(V2).withImage("postgres", "pgautoupgrade/pgautoupgrade:16-alpine").text();
        assertThat(v2).isEqualTo(V2.replace("image: postgres:9.6-alpine  # pinned by setup.sh",
                "image: pgautoupgrade/pgautoupgrade:16-alpine  # pinned by setup.sh"));
        String modern = ComposeFile.parse(MODERN).withImage("postgres", "pgautoupgrade/pgautoupgrade:16-alpine").text();
        assertThat(modern).isEqualTo(MODERN.replace("image: \"postgres:13-alpine\"", "image: \"pgautoupgrade/pgautoupgrade:16-alpine\""));
    }

    @Test
    void setsTheCommandAfterTheImageOrInPlaceKeepingTheRest() {
        String flags = "postgres -c wal_level=logical -c max_replication_slots=10";
        ComposeFile added = ComposeFile.parse(MODERN).withCommand("postgres", flags);
        assertThat(added.text()).isEqualTo(MODERN.replace("image: \"postgres:13-alpine\"\n",
                "image: \"postgres:13-alpine\"\n        command: " + flags + "\n"));
        assertThat(added.command("postgres")).contains(flags);
        assertThat(ComposeFile.parse(MODERN).command("postgres")).isEmpty();
        assertThat(ComposeFile.parse(MODERN).command("server")).contains("server");

        String crlf = V2.replace("image: postgres:9.6-alpine  # pinned by setup.sh\n",
                "image: postgres:9.6-alpine\n    command: postgres -c shared_buffers=1GB  # tuned\n").replace("\n", "\r\n");
        String replaced = ComposeFile.parse(crlf).withCommand("postgres", flags).text();
        assertThat(replaced).isEqualTo(crlf.replace("command: postgres -c shared_buffers=1GB  # tuned",
                "command: " + flags + "  # tuned"));
        String last = "services:\n  db:\n    image: postgres:12";
        assertThat(ComposeFile.parse(last).withCommand("db", "postgres").text())
                .isEqualTo("services:\n  db:\n    image: postgres:12\n    command: postgres");
    }

    @Test
    void refusesACommandThatIsNotPlainWordsOrAListBelowTheKey() {
        assertThatThrownBy(() -> ComposeFile.parse(MODERN).withCommand("postgres", "postgres; rm -rf /"))
                .hasMessageContaining("is not plain words");
        assertThatThrownBy(() -> ComposeFile.parse(MODERN).withCommand("postgres", "postgres\nprivileged: true"))
                .hasMessageContaining("is not plain words");
        String list = MODERN.replace("image: \"postgres:13-alpine\"\n",
                "image: \"postgres:13-alpine\"\n        command:\n            - postgres\n");
        assertThat(ComposeFile.parse(list).command("postgres")).contains("");
        assertThatThrownBy(() -> ComposeFile.parse(list).withCommand("postgres", "postgres"))
                .hasMessageContaining("command: list on the lines below");
    }

    @Test
    void refusesToSwapAnImageThatComesFromAnAnchor() {
        assertThatThrownBy(() -> ComposeFile.parse(V2).withImage("server", "x"))
                .hasMessageContaining("no image: line of its own");
    }

    @Test
    void removesServiceAndReferencesInV2() {
        String out = ComposeFile.parse(V2).withoutService("postgres").text();
        String expected = V2.replace("""
                    - postgres
                """, "").replace("""
                  postgres:
                    image: postgres:9.6-alpine  # pinned by setup.sh
                    env_file: /opt/redash/env
                    volumes:
                      - /opt/redash/postgres-data:/var/lib/postgresql/data
                    restart: always
                """, "");
        assertThat(out).isEqualTo(expected);
        assertThat(ComposeFile.parse(out).services()).containsExactly("server", "scheduler", "worker", "redis", "nginx");
    }

    @Test
    void removingTheLastDependencyRemovesTheKeyAndLinkAliasesMatch() {
        String out = ComposeFile.parse(V2).withoutService("server").text();
        assertThat(out).doesNotContain("- server", "server:redash", "    depends_on:\n      - server");
        assertThat(out).contains("""
                  nginx:
                    image: redash/nginx:latest
                    ports:
                      - "80:80"
                    restart: always
                """);
    }

    @Test
    void removesServiceAndReferencesInModernFormat() {
        String out = ComposeFile.parse(MODERN).withoutService("postgres").text();
        String expected = MODERN.replace("""
                            postgres:
                                condition: service_healthy
                """, "").replace("depends_on: [postgres, \"redis\"]", "depends_on: [\"redis\"]").replace("""
                    postgres:
                        image: "postgres:13-alpine"
                        volumes:
                            - type: bind
                              source: ./postgres-data
                              target: /var/lib/postgresql/data
                            - pgconf:/etc/postgresql
                        healthcheck:
                            test: ["CMD", "pg_isready"]

                """, "");
        assertThat(out).isEqualTo(expected);
    }

    @Test
    void removingAnAbsentServiceChangesNothing() {
        String once = ComposeFile.parse(MODERN).withoutService("redis").text();
        assertThat(ComposeFile.parse(once).withoutService("redis").text()).isEqualTo(once);
        assertThat(once).contains("depends_on: [postgres]\n").doesNotContain("redis");
    }

    @Test
    void readsMountsInShortAndLongSyntax() {
        assertThat(ComposeMounts.parse(V2).of("postgres")).extracting(ComposeMounts.Mount::source,
                ComposeMounts.Mount::target, ComposeMounts.Mount::bind, ComposeMounts.Mount::readOnly)
                .containsExactly(tuple("/opt/redash/postgres-data", "/var/lib/postgresql/data", true, false));
        assertThat(ComposeMounts.parse(MODERN).of("postgres")).extracting(ComposeMounts.Mount::source,
                ComposeMounts.Mount::target, ComposeMounts.Mount::bind, ComposeMounts.Mount::readOnly)
                .containsExactly(tuple("./postgres-data", "/var/lib/postgresql/data", true, false),
                        tuple("pgconf", "/etc/postgresql", false, false));
    }

    @Test
    void readsReadOnlyAnonymousExternalAndMergedMounts() {
        ComposeMounts mounts = ComposeMounts.parse("""
                name: Redash-Prod
                x-tz: &tz
                  volumes: ["/etc/localtime:/etc/localtime:ro,z", {type: bind, source: ./certs, target: /certs, read_only: true}]
                services:
                  postgres:
                    <<: *tz
                  redis:
                    volumes:
                      - /data
                      - cache:/data:rw
                volumes:
                  cache:
                    external: true
                """);
        assertThat(mounts.of("postgres")).extracting(ComposeMounts.Mount::source, ComposeMounts.Mount::readOnly)
                .containsExactly(tuple("/etc/localtime", true), tuple("./certs", true));
        assertThat(mounts.of("redis")).extracting(ComposeMounts.Mount::source, ComposeMounts.Mount::bind)
                .containsExactly(tuple(null, false), tuple("cache", false));
        assertThat(mounts.external("cache")).isTrue();
        assertThat(mounts.projectName()).contains("Redash-Prod");
    }

    @Test
    void keepsCrlfLineEndings() {
        String crlf = V2.replace("\n", "\r\n");
        String out = ComposeFile.parse(crlf).withImage("postgres", "pg:16").withoutService("redis").text();
        assertThat(out).doesNotContain("redis:5.0-alpine").contains("image: pg:16  # pinned by setup.sh\r\n");
        assertThat(out.replace("\r\n", "")).doesNotContain("\n");
    }

    @Test
    void anImageThatIsNotAnImageReferenceIsRefusedInsteadOfWrittenIntoTheFile() {
        for (String image : List.of("pg:16\n    command: touch /tmp/x", "pg:16 # x", "\"pg\"", "")) {
            assertThatThrownBy(() -> ComposeFile.parse(V2).withImage("postgres", image)).as(image)
                    .isInstanceOf(FerryException.class).hasMessageContaining("is not an image reference");
        }
        assertThat(ComposeFile.parse(V2).withImage("postgres", "registry.example.com:5000/pg/pgautoupgrade:16-alpine")
                .image("postgres")).contains("registry.example.com:5000/pg/pgautoupgrade:16-alpine");
    }

    @Test
    void refusesFormatOne() {
        assertThatThrownBy(() -> ComposeFile.parse("server:\n  image: x\n").services())
                .hasMessageContaining("format v1");
    }
}
