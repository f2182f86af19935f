package dev.ferry.sandbox.app;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The stand-in app's configuration, read like Redash reads its own: {@code REDASH_DATABASE_URL},
 * {@code REDASH_REDIS_URL}, {@code QUEUES} (separated by commas or spaces, as Redash's worker command takes them); plus {@code PORT}, {@code STANDIN_IDENTITY},
 * {@code STANDIN_TICK_MILLIS} and {@code FERRY_STANDIN_RECORDS} (where the records go).
 */
record AppEnvironment(String databaseUrl, String redisUrl, int port, List<String> queues, String identity,
                      long tickMillis, String recordsFile) {

    static AppEnvironment from(Map<String, String> env, String role) {
        String identity = env.getOrDefault("STANDIN_IDENTITY", role + "-" + ProcessHandle.current().pid());
        return new AppEnvironment(env.get("REDASH_DATABASE_URL"), env.get("REDASH_REDIS_URL"),
                Integer.parseInt(env.getOrDefault("PORT", "5000")),
                Arrays.stream(env.getOrDefault("QUEUES", "queries,scheduled_queries,schemas,periodic,emails,default")
                        .split("[,\\s]+")).map(String::strip).filter(q -> !q.isEmpty()).toList(),
                identity, Long.parseLong(env.getOrDefault("STANDIN_TICK_MILLIS", "2000")),
                env.get("FERRY_STANDIN_RECORDS"));
    }

    /** {@code postgresql://user:password@host:port/db} as a JDBC URL plus properties (the password stays out of the URL). */
    String jdbcUrl() {
        URI uri = URI.create(databaseUrl.replaceFirst("^postgres(ql)?://", "http://"));
        int p = uri.getPort() < 0 ? 5432 : uri.getPort();
        return "jdbc:postgresql://" + uri.getHost() + ":" + p + uri.getPath();
    }

    Properties jdbcProperties() {
        URI uri = URI.create(databaseUrl.replaceFirst("^postgres(ql)?://", "http://"));
        Properties props = new Properties();
        String[] userInfo = uri.getUserInfo() == null ? new String[] {"postgres"} : uri.getUserInfo().split(":", 2);
        props.setProperty("user", userInfo[0]);
        if (userInfo.length > 1) {
            props.setProperty("password", java.net.URLDecoder.decode(userInfo[1], java.nio.charset.StandardCharsets.UTF_8));
        }
        props.setProperty("connectTimeout", "3");
        props.setProperty("socketTimeout", "10");
        return props;
    }
}
