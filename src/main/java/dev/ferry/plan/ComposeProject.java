package dev.ferry.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The docker compose project on the source host. {@code services} maps each compose service name to its role,
 * in the order the plan lists them.
 */
public record ComposeProject(
        String directory,
        String file,
        String envFile,
        Map<String, ServiceRole> services,
        String databaseUrlKey,
        String redisUrlKey) {

    public ComposeProject {
        services = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(services));
    }

    public List<String> servicesWith(ServiceRole role) {
        return services.entrySet().stream().filter(e -> e.getValue() == role).map(Map.Entry::getKey).toList();
    }

    /** The compose services that write to the database and must stop while it moves. */
    public List<String> writers() {
        return services.entrySet().stream().filter(e -> e.getValue().writesToDatabase()).map(Map.Entry::getKey).toList();
    }

    public String composePath() {
        return file.startsWith("/") ? file : directory + "/" + file;
    }
}
