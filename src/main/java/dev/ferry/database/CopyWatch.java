package dev.ferry.database;

import dev.ferry.step.CopyActivity;
import dev.ferry.step.DatabasePorts.ConnectionSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link CopyActivity.Watch} on one JDBC connection to the target: COPY progress from {@code pg_stat_progress_copy}
 * (PostgreSQL 14+), index builds from {@code pg_stat_progress_create_index} (12+), both for this database only.
 */
final class CopyWatch implements CopyActivity.Watch {
    private static final String COPIES = "SELECT n.nspname || '.' || c.relname, p.command, p.bytes_processed,"
            + " p.bytes_total, p.tuples_processed FROM pg_stat_progress_copy p JOIN pg_class c ON c.oid = p.relid"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE p.datname = current_database()";
    private static final String INDEXES = "SELECT n.nspname || '.' || c.relname, p.phase, p.blocks_done,"
            + " p.blocks_total, p.tuples_done, p.tuples_total FROM pg_stat_progress_create_index p"
            + " JOIN pg_class c ON c.oid = p.relid JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE p.datname = current_database()";

    private final Connection connection;
    private final boolean copies;

    private CopyWatch(Connection connection, boolean copies) {
        this.connection = connection;
        this.copies = copies;
    }

    static CopyWatch open(ConnectionSpec target) {
        Connection connection = Jdbc.open(target);
        try {
            return new CopyWatch(connection, connection.getMetaData().getDatabaseMajorVersion() >= 14);
        } catch (SQLException e) {
            close(connection);
            throw Jdbc.failure("cannot read the server version of " + target, e);
        }
    }

    @Override
    public List<CopyActivity> read() {
        List<CopyActivity> out = new ArrayList<>();
        try {
            if (copies) {
                try (PreparedStatement st = connection.prepareStatement(COPIES); ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(new CopyActivity(CopyActivity.COPY, rs.getString(1), rs.getString(2), rs.getLong(3),
                                rs.getLong(4), rs.getLong(5), 0, 0, 0, 0));
                    }
                }
            }
            try (PreparedStatement st = connection.prepareStatement(INDEXES); ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new CopyActivity(CopyActivity.INDEX, rs.getString(1), rs.getString(2), 0, 0, 0,
                            rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)));
                }
            }
        } catch (SQLException e) {
            throw Jdbc.failure("cannot read the copy progress", e);
        }
        return out;
    }

    @Override
    public void close() {
        close(connection);
    }

    private static void close(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // the watch is only a view; a failed close leaves nothing behind the server does not clean up
        }
    }
}
