package dev.ferry.sandbox.aws;

import dev.ferry.sandbox.local.LocalPostgres;
import dev.ferry.sandbox.local.LocalRedis;
import dev.ferry.sandbox.local.SandboxTls;
import dev.ferry.sandbox.local.TlsTcpProxy;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The real Redis servers behind ElastiCache clusters, one per cluster. */
final class RedisNodes implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisNodes.class);

    private final Path base;
    private final Map<String, LocalRedis> servers = new ConcurrentHashMap<>();
    private final Map<String, TlsTcpProxy> proxies = new ConcurrentHashMap<>();
    private volatile boolean closed;

    RedisNodes(Path base) {
        this.base = base;
    }

    /** Starts Redis for the cluster; returns its port. */
    int start(String clusterId) {
        return start(clusterId, null, false);
    }

    /**
     * Starts Redis requiring {@code authToken} (unless null) behind TLS (when {@code tls}: the embedded binary has
     * none, so a {@link TlsTcpProxy} presents {@link SandboxTls#cache()}); returns the port clients use.
     */
    int start(String clusterId, String authToken, boolean tls) {
        int port = startRedis(clusterId, authToken);
        if (!tls) {
            return port;
        }
        TlsTcpProxy proxy = TlsTcpProxy.start(SandboxTls.cache(), LocalPostgres.freePort(), port);
        proxies.put(clusterId, proxy);
        LOG.info("ElastiCache {} takes TLS on 127.0.0.1:{}", clusterId, proxy.port());
        return proxy.port();
    }

    private int startRedis(String clusterId, String authToken) {
        LocalRedis redis = LocalRedis.start(base.resolve("elasticache-" + clusterId + "-" + Ids.hex(6)),
                LocalPostgres.freePort(), authToken);
        if (closed) {
            redis.close();
            throw new IllegalStateException("the sandbox closed while " + clusterId + " was being created");
        }
        servers.put(clusterId, redis);
        LOG.info("ElastiCache cluster {} is Redis on 127.0.0.1:{}", clusterId, redis.port());
        return redis.port();
    }

    void stop(String clusterId) {
        TlsTcpProxy proxy = proxies.remove(clusterId);
        if (proxy != null) {
            proxy.close();
        }
        LocalRedis redis = servers.remove(clusterId);
        if (redis != null) {
            redis.close();
        }
    }

    Set<Long> pids() {
        return servers.values().stream().map(LocalRedis::pid).collect(Collectors.toSet());
    }

    @Override
    public void close() {
        closed = true;
        Set.copyOf(servers.keySet()).forEach(this::stop);
    }
}
