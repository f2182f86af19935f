package dev.ferry.steps;

import dev.ferry.Failures;
import dev.ferry.step.DatabasePorts.ConnectionSpec;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code postgresql://user:password@host:port/db} URL. {@link #toString()} masks the password. */
public record DatabaseUrl(String user, String password, String host, int port, String database) {
    private static final Pattern URL = Pattern.compile(
            "^postgres(?:ql)?://([^:@/]+)(?::([^@]*))?@([^:/?]+)(?::(\\d+))?(?:/([^?]*))?(?:\\?.*)?$");

    public static DatabaseUrl parse(String url) {
        Matcher m = URL.matcher(url.strip());
        if (!m.matches()) {
            throw Failures.input("not a postgresql:// URL: " + dev.ferry.step.Redacted.urls(url),
                    "Check the database URL in the env file");
        }
        String db = m.group(5) == null || m.group(5).isEmpty() ? decode(m.group(1)) : decode(m.group(5));
        return new DatabaseUrl(decode(m.group(1)), m.group(2) == null ? "" : decode(m.group(2)), m.group(3),
                m.group(4) == null ? 5432 : Integer.parseInt(m.group(4)), db);
    }

    public ConnectionSpec at(String reachableHost, int reachablePort) {
        return new ConnectionSpec(reachableHost, reachablePort, database, user, password);
    }

    /** A pgpass line: {@code host:port:db:user:password} with {@code :} and {@code \} escaped. */
    public String pgpassLine(String atHost, int atPort) {
        return String.join(":", escape(atHost), String.valueOf(atPort), escape(database), escape(user), escape(password));
    }

    private static String escape(String field) {
        return field.replace("\\", "\\\\").replace(":", "\\:");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "postgresql://" + user + ":****@" + host + ":" + port + "/" + database;
    }
}
