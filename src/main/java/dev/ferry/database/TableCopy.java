package dev.ferry.database;

import dev.ferry.step.TableName;
import dev.ferry.database.Catalog.Column;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyOut;

/**
 * Streams one table's rows from one server to another with COPY in text format through JDBC: no client programs, so it
 * works in any direction between majors (a 16 server into a 12 one, where pg_dump 16 output would not restore).
 */
final class TableCopy {
    private TableCopy() {
    }

    /** Replaces the rows of {@code table} in {@code to} (inside its open transaction) with those in {@code from}; returns rows copied. */
    static long replace(Connection from, Connection to, TableName table, List<Column> columns) throws SQLException {
        String list = columns.stream().map(Column::sql).collect(Collectors.joining(", "));
        try (var st = to.createStatement()) {
            st.execute("delete from " + table.sql());
        }
        CopyOut out = from.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY " + table.sql() + " (" + list + ") TO STDOUT");
        CopyIn in = to.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table.sql() + " (" + list + ") FROM STDIN");
        try {
            for (byte[] chunk = out.readFromCopy(); chunk != null; chunk = out.readFromCopy()) {
                in.writeToCopy(chunk, 0, chunk.length);
            }
            return in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
            if (out.isActive()) {
                out.cancelCopy();
            }
        }
    }
}
