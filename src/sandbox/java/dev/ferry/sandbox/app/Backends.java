package dev.ferry.sandbox.app;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import dev.ferry.sandbox.local.SandboxTls;
import javax.net.ssl.SSLParameters;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/** Connections to the app's database and Redis, opened fresh when a previous one broke (the app survives repoints). */
final class Backends implements AutoCloseable {
    static final String SCHEMA = "create table if not exists standin_ticks(id bigserial primary key, identity text not null,"
            + " at timestamptz not null default now());"
            + "create table if not exists standin_results(job_id text primary key, queue text not null,"
            + " worker text not null, at timestamptz not null default now())";
    private final AppEnvironment env;
    private Connection db;
    private Jedis redis;

    Backends(AppEnvironment env) {
        this.env = env;
    }

    synchronized Connection db() throws SQLException {
        if (db == null || !db.isValid(2)) {
            closeDb();
            db = DriverManager.getConnection(env.jdbcUrl(), env.jdbcProperties());
            db.setAutoCommit(true);
        }
        return db;
    }

    synchronized Jedis redis() {
        if (redis == null || !redis.isConnected()) {
            closeRedis();
            redis = connect(URI.create(env.redisUrl()));
        }
        return redis;
    }

    /**
     * {@code redis://host:port/0} or {@code rediss://:TOKEN@host:port/0} as redis-py reads them: TLS verified against
     * the sandbox's cache certificate (the stand-in for the public CA behind ElastiCache), host name checked, the
     * percent-decoded token sent with AUTH.
     */
    static Jedis connect(URI uri) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder().timeoutMillis(3000);
        String userInfo = uri.getUserInfo();
        if (userInfo != null && userInfo.contains(":")) {
            config.password(userInfo.substring(userInfo.indexOf(':') + 1));
        }
        if ("rediss".equals(uri.getScheme())) {
            SSLParameters verify = new SSLParameters();
            verify.setEndpointIdentificationAlgorithm("HTTPS");
            config.ssl(true).sslSocketFactory(SandboxTls.cache().clientContext().getSocketFactory()).sslParameters(verify);
        }
        return new Jedis(new HostAndPort(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()), config.build());
    }

    /**
     * {@code select 1} on the database, then PING on Redis, under this object's lock: the server answers on four
     * threads and a Jedis connection is not thread-safe (two overlapping pings on one socket read each other's replies,
     * which failed a request whenever the machine was slow enough for requests to overlap).
     */
    synchronized void ping() throws SQLException {
        try (java.sql.Statement statement = db().createStatement();
             java.sql.ResultSet rs = statement.executeQuery("select 1")) {
            rs.next();
        }
        redis().ping();
    }

    synchronized void reset() {
        closeDb();
        closeRedis();
    }

    private void closeDb() {
        try {
            if (db != null) {
                db.close();
            }
        } catch (SQLException ignored) {
            // a broken connection cannot be closed cleanly; it is dropped either way
        }
        db = null;
    }

    private void closeRedis() {
        try {
            if (redis != null) {
                redis.close();
            }
        } catch (RuntimeException ignored) {
            // same as above
        }
        redis = null;
    }

    @Override
    public synchronized void close() {
        reset();
    }
}
