package dev.ferry.sandbox.app;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import redis.clients.jedis.Jedis;

/** Connections to the app's database and Redis, opened fresh when a previous one broke (the app survives repoints). */
final class Backends implements AutoCloseable {
    static final String SCHEMA = "create table if not exists standin_ticks(identity text not null, at timestamptz not null default now());"
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
            URI uri = URI.create(env.redisUrl());
            redis = new Jedis(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort(), 3000);
        }
        return redis;
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
