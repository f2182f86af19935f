package dev.ferry.host;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container port published on the host: {@code hostIp} empty or {@code 0.0.0.0} means every address of the host,
 * {@code hostPort} 0 one docker picks.
 */
public record PortBinding(String hostIp, int hostPort, int containerPort, String protocol) {
    private static final Pattern SHORT = Pattern.compile("(?:([0-9]{1,3}(?:\\.[0-9]{1,3}){3}):)?(?:([0-9]{1,5})?:)?([0-9]{1,5})(?:/(tcp|udp|sctp))?");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A compose short-syntax entry ({@code 5432}, {@code 5433:5432}, {@code 10.0.1.5:5432:5432/tcp},
     * {@code 127.0.0.1::5432}); empty for what ferry does not read (ranges, IPv6, variables).
     */
    public static Optional<PortBinding> parse(String entry) {
        Matcher m = SHORT.matcher(entry);
        if (!m.matches()) {
            return Optional.empty();
        }
        String ip = m.group(1) == null ? "" : m.group(1);
        int host = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        return Optional.of(new PortBinding(ip, host, Integer.parseInt(m.group(3)), m.group(4) == null ? "tcp" : m.group(4)));
    }

    /**
     * What {@code docker inspect -f '{{json .NetworkSettings.Ports}}'} prints: {@code {"5432/tcp":[{"HostIp":
     * "10.0.1.5","HostPort":"5432"}],"6379/tcp":null}}; an exposed port without a binding gives none.
     */
    public static List<PortBinding> fromInspect(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json.isBlank() ? "null" : json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not the JSON of a container's port bindings: " + e.getOriginalMessage());
        }
        List<PortBinding> bindings = new ArrayList<>();
        if (root == null || !root.isObject()) {
            return bindings;
        }
        for (Map.Entry<String, JsonNode> port : (Iterable<Map.Entry<String, JsonNode>>) root::fields) {
            String[] key = port.getKey().split("/");
            for (JsonNode b : port.getValue()) {
                bindings.add(new PortBinding(b.path("HostIp").asText(""), Integer.parseInt(b.path("HostPort")
                        .asText("0")), Integer.parseInt(key[0]), key.length > 1 ? key[1] : "tcp"));
            }
        }
        return bindings;
    }

    /** Published on every address of the host (no address, 0.0.0.0 or ::). */
    public boolean everyAddress() {
        return hostIp.isEmpty() || hostIp.equals("0.0.0.0") || hostIp.equals("::");
    }

    /** This binding and {@code other} take the same host port on an address they share. */
    public boolean clashes(String ip, int port) {
        return hostPort == port && (everyAddress() || hostIp.equals(ip));
    }

    @Override
    public String toString() {
        return (everyAddress() ? "every address (" + (hostIp.isEmpty() ? "0.0.0.0" : hostIp) + ")" : hostIp) + ":"
                + (hostPort == 0 ? "<any>" : hostPort) + "->" + containerPort + "/" + protocol;
    }
}
