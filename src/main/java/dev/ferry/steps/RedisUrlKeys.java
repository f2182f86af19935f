package dev.ferry.steps;

import dev.ferry.host.EnvFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The keys of the env file that point at the Redis the app uses now: the plan's {@code redisUrlKey} and any other key
 * naming the same host and port (Redash reads {@code RQ_REDIS_URL} beside {@code REDASH_REDIS_URL}). repoint-redis
 * repoints them all in one write, each keeping its own database number. Values are compared by host and port only, and
 * never printed.
 */
final class RedisUrlKeys {
    /** scheme, [userinfo@]host[:port], path, query/fragment; the userinfo may hold anything but {@code / ? #}. */
    private static final Pattern URL = Pattern.compile(
            "(?i)(rediss?)://(?:[^/?#]*@)?([^@/?#:\\[\\]]*)(?::(\\d{1,5}))?(/[^?#]*)?([?#].*)?", Pattern.DOTALL);

    private RedisUrlKeys() {
    }

    /** {@code urlKey} first, then every other key naming the same Redis host:port, in file order. */
    static List<String> sameRedis(EnvFile env, String urlKey) {
        List<String> keys = new ArrayList<>(List.of(urlKey));
        Optional<String> current = env.get(urlKey).flatMap(RedisUrlKeys::endpoint);
        if (current.isPresent()) {
            env.keys().stream().filter(k -> !k.equals(urlKey))
                    .filter(k -> env.get(k).flatMap(RedisUrlKeys::endpoint).equals(current)).forEach(keys::add);
        }
        return List.copyOf(keys);
    }

    /** The keys of {@code env} whose value names {@code endpoint} (host:port). */
    static List<String> naming(EnvFile env, String endpoint) {
        String wanted = endpoint.toLowerCase(Locale.ROOT);
        return env.keys().stream().filter(k -> env.get(k).flatMap(RedisUrlKeys::endpoint).filter(wanted::equals)
                .isPresent()).toList();
    }

    /**
     * host:port of a redis:// or rediss:// URL (default port 6379), lower case; empty for anything else. Read the way
     * redis-py's urlparse reads it, so a password holding characters a strict URI refuses ({@code ` " <} or a blank)
     * still names its host: the authority runs to the first {@code / ? #}, the host follows its last {@code @}.
     */
    static Optional<String> endpoint(String value) {
        Matcher m = URL.matcher(value.strip());
        if (!m.matches() || m.group(2).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(m.group(2).toLowerCase(Locale.ROOT) + ":" + (m.group(3) == null ? 6379 : Integer.parseInt(m.group(3))));
    }

    /** The database number of a Redis URL's path ({@code /1}); 0, as redis-py reads it, when the path names none. */
    static int database(String value) {
        Matcher m = URL.matcher(value.strip());
        String path = m.matches() && m.group(4) != null ? m.group(4) : "";
        return path.matches("/\\d{1,4}") ? Integer.parseInt(path.substring(1)) : 0;
    }
}
