package dev.ferry.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.Failures;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Where the host reaches a container's service port, read from {@code docker inspect NAME} (its JSON array):
 * <ol>
 *   <li>the port published on one IPv4 address of the host (as {@code replicationSource} publishes postgres), since
 *   that is where the host and RDS both reach it, whatever network the container is on;</li>
 *   <li>else the container's first network address, on the service port, or on the one TCP port the container
 *   exposes when that is another (an image that moved the port).</li>
 * </ol>
 */
public record ContainerEndpoint(String host, int port) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static ContainerEndpoint of(String inspect, String service, int servicePort) {
        JsonNode container = container(inspect, service);
        JsonNode ports = container.path("NetworkSettings").path("Ports");
        return published(ports, servicePort).map(b -> new ContainerEndpoint(b.hostIp(), b.hostPort()))
                .orElseGet(() -> new ContainerEndpoint(address(container, service), exposed(ports, servicePort)));
    }

    private static Optional<PortBinding> published(JsonNode ports, int servicePort) {
        return PortBinding.fromInspect(ports.toString()).stream()
                .filter(b -> b.containerPort() == servicePort && b.protocol().equals("tcp") && !b.everyAddress()
                        && b.hostPort() > 0 && b.hostIp().indexOf(':') < 0)
                .findFirst();
    }

    private static String address(JsonNode container, String service) {
        Iterator<JsonNode> networks = container.path("NetworkSettings").path("Networks").elements();
        while (networks.hasNext()) {
            String ip = networks.next().path("IPAddress").asText("");
            if (!ip.isEmpty()) {
                return ip;
            }
        }
        throw Failures.step("the " + service + " container has no network address in `docker inspect`",
                "Check that it runs on a bridge network (`docker inspect` on the host)");
    }

    private static int exposed(JsonNode ports, int servicePort) {
        List<String> tcp = new ArrayList<>();
        ports.fieldNames().forEachRemaining(key -> {
            if (key.endsWith("/tcp")) {
                tcp.add(key);
            }
        });
        return tcp.size() == 1 ? Integer.parseInt(tcp.get(0).substring(0, tcp.get(0).indexOf('/'))) : servicePort;
    }

    private static JsonNode container(String inspect, String service) {
        try {
            JsonNode all = JSON.readTree(inspect);
            if (all == null || !all.isArray() || all.isEmpty()) {
                throw new IllegalArgumentException("no container");
            }
            return all.get(0);
        } catch (IOException | IllegalArgumentException e) {
            throw Failures.step("cannot read `docker inspect` of the " + service + " container: " + e.getMessage(),
                    "Run `docker inspect` on the host by hand");
        }
    }
}
