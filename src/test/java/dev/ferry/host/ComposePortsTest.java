package dev.ferry.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading and adding {@code ports:} entries of one compose service, keeping every other byte. */
class ComposePortsTest {
    private static final String ENTRY = "10.0.1.5:5432:5432";

    @Test
    void addsAPortsKeyAtTheEndOfAServiceWithoutOne() {
        ComposeFile v2 = ComposeFile.parse(ComposeFileTest.V2);
        assertThat(v2.ports("postgres")).isEmpty();
        String added = v2.withPort("postgres", ENTRY).text();
        assertThat(added).isEqualTo(ComposeFileTest.V2.replace("    restart: always\n  nginx:",
                "    restart: always\n    ports:\n      - \"10.0.1.5:5432:5432\"\n  nginx:"));
        assertThat(ComposeFile.parse(added).ports("postgres")).containsExactly(ENTRY);
        assertThat(ComposeFile.parse(added).ports("server")).as("other services untouched").containsExactly("5000:5000");

        String modern = ComposeFile.parse(ComposeFileTest.MODERN).withPort("postgres", ENTRY).text();
        String healthcheck = "            test: [\"CMD\", \"pg_isready\"]\n";
        assertThat(modern).isEqualTo(ComposeFileTest.MODERN.replace(healthcheck,
                healthcheck + "        ports:\n          - \"10.0.1.5:5432:5432\"\n"));
        String last = "services:\r\n  db:\r\n    image: postgres:12";
        assertThat(ComposeFile.parse(last).withPort("db", ENTRY).text())
                .isEqualTo("services:\r\n  db:\r\n    image: postgres:12\r\n    ports:\r\n      - \"" + ENTRY + "\"\r\n");
    }

    @Test
    void appendsToABlockOrFlowListKeepingTheEntriesThere() {
        String block = ComposeFileTest.V2.replace("    restart: always\n  nginx:",
                "    ports:\n    - 127.0.0.1:5432:5432  # local tools\n    restart: always\n  nginx:");
        ComposeFile file = ComposeFile.parse(block);
        assertThat(file.ports("postgres")).containsExactly("127.0.0.1:5432:5432");
        assertThat(file.withPort("postgres", ENTRY).text()).isEqualTo(block.replace(
                "    - 127.0.0.1:5432:5432  # local tools\n",
                "    - 127.0.0.1:5432:5432  # local tools\n    - \"" + ENTRY + "\"\n"));

        String flow = ComposeFileTest.MODERN.replace("image: redis:7-alpine", "image: redis:7-alpine\n"
                + "        ports: ['6379', \"127.0.0.1:6380:6379\"]  # debug");
        assertThat(ComposeFile.parse(flow).ports("redis")).containsExactly("6379", "127.0.0.1:6380:6379");
        assertThat(ComposeFile.parse(flow).withPort("redis", ENTRY).text()).isEqualTo(flow.replace(
                "\"127.0.0.1:6380:6379\"]", "\"127.0.0.1:6380:6379\", \"" + ENTRY + "\"]"));
        String empty = "services:\n  db:\n    image: postgres:12\n    ports: []\n";
        assertThat(ComposeFile.parse(empty).withPort("db", ENTRY).text())
                .isEqualTo("services:\n  db:\n    image: postgres:12\n    ports: [\"" + ENTRY + "\"]\n");
    }

    @Test
    void refusesPortsItCannotReadForSure() {
        String longSyntax = "services:\n  db:\n    image: postgres:12\n    ports:\n      - target: 5432\n"
                + "        published: 5432\n";
        String merged = "x: &base\n  ports: [\"5432:5432\"]\nservices:\n  db:\n    <<: *base\n    image: postgres:12\n";
        String multiLineFlow = "services:\n  db:\n    image: postgres:12\n    ports: [\"5432:5432\",\n      \"1:1\"]\n";
        for (String text : List.of(longSyntax, merged, multiLineFlow)) {
            assertThatThrownBy(() -> ComposeFile.parse(text).ports("db")).as(text)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ComposeFile.parse(text).withPort("db", ENTRY)).as(text)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void writesOnlyDigitsDotsAndColons() {
        for (String hostile : List.of("10.0.1.5:5432:5432\"\n    privileged: true", "1.2.3.4:$(id):5432", "a;b", "")) {
            assertThatThrownBy(() -> ComposeFile.parse(ComposeFileTest.V2).withPort("postgres", hostile)).as(hostile)
                    .hasMessageContaining("is not digits, dots and colons");
        }
    }

    @Test
    void readsShortSyntaxEntriesAndDockerInspectBindings() {
        assertThat(PortBinding.parse("5432")).contains(new PortBinding("", 0, 5432, "tcp"));
        assertThat(PortBinding.parse("5433:5432/tcp")).contains(new PortBinding("", 5433, 5432, "tcp"));
        assertThat(PortBinding.parse("10.0.1.5:5432:5432")).contains(new PortBinding("10.0.1.5", 5432, 5432, "tcp"));
        assertThat(PortBinding.parse("127.0.0.1::5432")).contains(new PortBinding("127.0.0.1", 0, 5432, "tcp"));
        for (String unread : List.of("8000-8010:8000-8010", "[::1]:5432:5432", "${PG_PORT}:5432", "5432:5432/quic")) {
            assertThat(PortBinding.parse(unread)).as(unread).isEmpty();
        }
        assertThat(PortBinding.fromInspect("{\"5432/tcp\":[{\"HostIp\":\"10.0.1.5\",\"HostPort\":\"5432\"},"
                + "{\"HostIp\":\"::\",\"HostPort\":\"5432\"}],\"6379/tcp\":null}\n")).containsExactly(
                new PortBinding("10.0.1.5", 5432, 5432, "tcp"), new PortBinding("::", 5432, 5432, "tcp"));
        assertThat(PortBinding.fromInspect("{}")).isEmpty();
        assertThat(new PortBinding("0.0.0.0", 5432, 5432, "tcp").clashes("10.0.1.5", 5432)).isTrue();
        assertThat(new PortBinding("127.0.0.1", 5432, 5432, "tcp").clashes("10.0.1.5", 5432)).isFalse();
    }
}
