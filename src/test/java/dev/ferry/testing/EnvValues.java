package dev.ferry.testing;

import dev.ferry.step.DatabasePorts.ConnectionSpec;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** What a sandbox app's env file says, and the rows of a table it points at. */
public final class EnvValues {
    private EnvValues() {
    }

    public static Map<String, String> read(Path envFile) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(envFile)) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) {
                values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return values;
    }

    /** The database {@code REDASH_DATABASE_URL} names, password included. */
    public static ConnectionSpec databaseUrl(Path envFile) throws IOException {
        URI uri = URI.create(read(envFile).get("REDASH_DATABASE_URL"));
        String[] user = uri.getRawUserInfo().split(":", 2);
        return new ConnectionSpec(uri.getHost(), uri.getPort(), uri.getPath().substring(1), user[0],
                URLDecoder.decode(user[1], StandardCharsets.UTF_8));
    }

    /** Every row of {@code table} as PostgreSQL's text form of the row. */
    public static Set<String> rows(ConnectionSpec db, String table) throws SQLException {
        Set<String> rows = new HashSet<>();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + db.host() + ":" + db.port() + "/"
                + db.database(), db.user(), db.password()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select t::text from " + table + " t")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
