package dev.ferry.database;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.step.DatabasePorts.ConnectionSpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** Opens JDBC connections whose text output is the same on every server major, so row checksums compare across versions. */
final class Jdbc {
    // extra_float_digits = 0 gives the same float text on 9.6 and on 12+ (where > 0 switched to shortest-exact output).
    private static final String[] SESSION = {
        "SET extra_float_digits = 0", "SET DateStyle = 'ISO, MDY'", "SET IntervalStyle = 'postgres'",
        "SET TimeZone = 'UTC'", "SET bytea_output = 'hex'", "SET statement_timeout = 0"};

    private Jdbc() {
    }

    static Connection open(ConnectionSpec spec) {
        Properties props = new Properties();
        props.setProperty("user", spec.user());
        if (spec.password() != null) {
            props.setProperty("password", spec.password());
        }
        props.setProperty("ApplicationName", "ferry");
        props.setProperty("connectTimeout", "20");
        String host = spec.tls() == null ? spec.host() : VerifiedTls.configure(spec, props);
        String url = "jdbc:postgresql://" + host + ":" + spec.port() + "/" + spec.database();
        try {
            Connection connection = DriverManager.getConnection(url, props);
            try (Statement st = connection.createStatement()) {
                for (String set : SESSION) {
                    st.execute(set);
                }
            }
            return connection;
        } catch (SQLException e) {
            if (spec.tls() != null && VerifiedTls.failedInTls(e)) {
                throw VerifiedTls.failure(spec, e);
            }
            throw failure("cannot connect to " + spec, e);
        }
    }

    static FerryException failure(String what, SQLException e) {
        return new FerryException(ErrorCode.STEP_FAILED, what + ": " + e.getMessage(), e);
    }
}
