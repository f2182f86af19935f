package dev.ferry.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.FerryException;
import org.junit.jupiter.api.Test;

/** Where the host reaches the compose postgres, from {@code docker inspect} output as Docker Engine prints it. */
class ContainerEndpointTest {

    private static String inspect(String ports, String ip) {
        return "[{\"Id\":\"4f1c\",\"NetworkSettings\":{\"Ports\":" + ports + ",\"Networks\":{\"redash_default\":"
                + "{\"IPAddress\":\"" + ip + "\"}}}}]";
    }

    @Test
    void anUnpublishedPostgresIsReachedAtItsContainerAddressOn5432() {
        assertThat(ContainerEndpoint.of(inspect("{\"5432/tcp\":null}", "172.18.0.3"), "postgres", 5432))
                .isEqualTo(new ContainerEndpoint("172.18.0.3", 5432));
    }

    @Test
    void aPortPublishedOnOneAddressIsReachedThere() {
        String ports = "{\"5432/tcp\":[{\"HostIp\":\"10.0.1.5\",\"HostPort\":\"15432\"}]}";
        assertThat(ContainerEndpoint.of(inspect(ports, "172.18.0.3"), "postgres", 5432))
                .isEqualTo(new ContainerEndpoint("10.0.1.5", 15432));
    }

    @Test
    void aPortPublishedOnEveryAddressOrOnlyOnIpv6KeepsTheContainerAddress() {
        String every = "{\"5432/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"5432\"},{\"HostIp\":\"::\",\"HostPort\":"
                + "\"5432\"}]}";
        assertThat(ContainerEndpoint.of(inspect(every, "172.18.0.3"), "postgres", 5432))
                .isEqualTo(new ContainerEndpoint("172.18.0.3", 5432));
        String v6 = "{\"5432/tcp\":[{\"HostIp\":\"fd00::5\",\"HostPort\":\"15432\"}]}";
        assertThat(ContainerEndpoint.of(inspect(v6, "172.18.0.3"), "postgres", 5432))
                .isEqualTo(new ContainerEndpoint("172.18.0.3", 5432));
    }

    @Test
    void anImageExposingOnlyAnotherPortIsReachedOnThatPortAndOneExposingMoreOn5432() {
        assertThat(ContainerEndpoint.of(inspect("{\"6432/tcp\":null}", "172.18.0.3"), "postgres", 5432))
                .isEqualTo(new ContainerEndpoint("172.18.0.3", 6432));
        // 5432 published on every address and a second port exposed (an image with an exporter): still 5432
        String two = "{\"5432/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"5432\"}],\"9187/tcp\":null}";
        assertThat(ContainerEndpoint.of(inspect(two, "172.18.0.3"), "postgres", 5432))
                .isEqualTo(new ContainerEndpoint("172.18.0.3", 5432));
    }

    @Test
    void noContainerOrNoAddressIsAStepFailureNamingTheService() {
        assertThatThrownBy(() -> ContainerEndpoint.of("[]", "postgres", 5432)).isInstanceOf(FerryException.class)
                .hasMessageContaining("cannot read `docker inspect` of the postgres container: no container");
        assertThatThrownBy(() -> ContainerEndpoint.of(inspect("{\"5432/tcp\":null}", ""), "postgres", 5432))
                .isInstanceOf(FerryException.class)
                .hasMessageContaining("the postgres container has no network address in `docker inspect`");
    }
}
