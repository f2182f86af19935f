package dev.ferry.steps;

import dev.ferry.Failures;
import dev.ferry.host.EnvFile;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Other keys of the env file that point at the Redis the app uses now (Redash's {@code RQ_REDIS_URL}, say). ferry
 * repoints only the plan's {@code redisUrlKey}; such a key would keep RQ on the local Redis, which the step then stops,
 * so the step refuses before it changes anything. Values are compared by host and port only, and never printed.
 */
final class StrayRedisKeys {
    private StrayRedisKeys() {
    }

    static List<String> in(EnvFile env, String urlKey) {
        Optional<String> current = env.get(urlKey).flatMap(StrayRedisKeys::endpoint);
        if (current.isEmpty()) {
            return List.of();
        }
        return env.keys().stream().filter(k -> !k.equals(urlKey))
                .filter(k -> env.get(k).flatMap(StrayRedisKeys::endpoint).equals(current)).toList();
    }

    static void refuseAny(EnvFile env, String urlKey, String envPath) {
        List<String> stray = in(env, urlKey);
        if (!stray.isEmpty()) {
            throw Failures.preflight(String.join(", ", stray) + " in " + envPath + " also point"
                    + (stray.size() == 1 ? "s" : "") + " at the Redis that " + urlKey + " names; ferry repoints only "
                    + urlKey + ", so the app would keep using the local Redis this step stops",
                    "Remove " + String.join(", ", stray) + " from " + envPath + " (Redash falls back to " + urlKey
                    + ") and run the step again");
        }
    }

    /** host:port of a redis:// or rediss:// URL (default port 6379), lower case; empty for anything else. */
    static Optional<String> endpoint(String value) {
        try {
            URI uri = URI.create(value.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("redis") || scheme.equals("rediss")) || uri.getHost() == null) {
                return Optional.empty();
            }
            return Optional.of(uri.getHost().toLowerCase(Locale.ROOT) + ":" + (uri.getPort() < 0 ? 6379 : uri.getPort()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
