package dev.ferry.database;

import dev.ferry.step.TableName;
import dev.ferry.database.Catalog.Column;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Counts and hashes one table. The hash is order-independent (the sum of the first 64 bits of each row's md5), which
 * needs no sort, cannot be fooled by the two servers' collations ordering text keys differently, and works for tables
 * without a primary key; a changed, added or removed row changes it.
 */
final class TableChecksum {
    private static final String ROW_MD5 = "md5(row(r.*)::text)";
    /** A row's hash as a number: the first 64 bits of its md5. A table's checksum is the md5 of their sum's text. */
    static final String ROW_HASH = "('x' || substr(" + ROW_MD5 + ", 1, 16))::bit(64)::bigint::numeric";

    private TableChecksum() {
    }

    static long count(Connection connection, TableName table) throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from " + table.sql() + " r")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The checksum, prefixed by how it was taken ({@code full:...} or {@code sample ...:...}). */
    static String checksum(Connection connection, TableName table, long rows, SnapshotOptions options) throws SQLException {
        List<Column> key = Catalog.primaryKey(connection, table);
        boolean integerKey = key.size() == 1 && key.get(0).integral();
        String sql = "select md5(coalesce(sum(" + ROW_HASH + "), 0)::text)"
                + " from " + table.sql() + " r" + sampleFilter(options, rows, integerKey ? key.get(0) : null);
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return options.label(rows, integerKey) + ":" + rs.getString(1);
        }
    }

    private static String sampleFilter(SnapshotOptions options, long rows, Column integerKey) {
        if (!options.samples(rows)) {
            return "";
        }
        if (integerKey != null) {
            return " where (r." + integerKey.sql() + " / " + options.rangeSize() + ") % " + options.sampleEvery() + " = 0";
        }
        return " where ('x' || substr(" + ROW_MD5 + ", 17, 8))::bit(32)::int % " + options.sampleEvery() + " = 0";
    }
}
