package dev.ferry.database;

import dev.ferry.step.TableName;
import dev.ferry.step.SourceInventory.TableSize;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Catalog queries that work the same from PostgreSQL 9.6 to 16. */
final class Catalog {
    static final String USER_RELATIONS = " from pg_class c join pg_namespace n on n.oid = c.relnamespace"
            + " where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_toast%'"
            + " and n.nspname not like 'pg\\_temp%' and not exists (select 1 from pg_depend d"
            + " where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')";

    private Catalog() {
    }

    /** Schema, name and heap plus TOAST bytes of every ordinary user table, largest first. */
    static final String TABLE_SIZES = "select n.nspname, c.relname, pg_relation_size(c.oid)"
            + " + coalesce(pg_total_relation_size(nullif(c.reltoastrelid, 0)), 0)" + USER_RELATIONS
            + " and c.relkind = 'r' order by 3 desc, 1, 2";

    /**
     * {@link #TABLE_SIZES} with each table's single integer primary-key column, null when it has another key or a
     * generated column (a COPY of a query would carry the generated values the table's COPY leaves out). The
     * generated-column test reads {@code attgenerated} through to_jsonb: the column exists from PostgreSQL 12 only.
     */
    private static final String TABLE_SIZES_AND_KEYS = "select n.nspname, c.relname, pg_relation_size(c.oid)"
            + " + coalesce(pg_total_relation_size(nullif(c.reltoastrelid, 0)), 0),"
            + " (select a.attname from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]"
            + " where i.indrelid = c.oid and i.indisprimary and i.indnatts = 1"
            + " and a.atttypid in ('int2'::regtype, 'int4'::regtype, 'int8'::regtype)"
            + " and not exists (select 1 from pg_attribute g where g.attrelid = c.oid and g.attnum > 0"
            + " and coalesce(to_jsonb(g) ->> 'attgenerated', '') <> ''))" + USER_RELATIONS
            + " and c.relkind = 'r' order by 3 desc, 1, 2";

    /** Ordinary tables, largest first (ties by name, so the order is stable). */
    static List<TableSize> tables(Connection connection) throws SQLException {
        List<TableSize> tables = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(TABLE_SIZES_AND_KEYS)) {
            while (rs.next()) {
                tables.add(new TableSize(new TableName(rs.getString(1), rs.getString(2)), rs.getLong(3), rs.getString(4)));
            }
        }
        return tables;
    }

    static List<TableName> sequences(Connection connection) throws SQLException {
        List<TableName> sequences = new ArrayList<>();
        String sql = "select n.nspname, c.relname" + USER_RELATIONS + " and c.relkind = 'S' order by 1, 2";
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                sequences.add(new TableName(rs.getString(1), rs.getString(2)));
            }
        }
        return sequences;
    }

    /** The primary key's columns in key order, each with its type name; empty when the table has none. */
    static List<Column> primaryKey(Connection connection, TableName table) throws SQLException {
        String sql = "select a.attname, format_type(a.atttypid, a.atttypmod), t.typcollation <> 0"
                + " from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)"
                + " join pg_type t on t.oid = a.atttypid"
                + " where i.indrelid = ?::regclass and i.indisprimary order by array_position(i.indkey::int2[], a.attnum)";
        return columns(connection, sql, table);
    }

    /** Columns a COPY can write (not dropped, not generated), in table order. */
    static List<Column> writableColumns(Connection connection, TableName table, int serverMajor) throws SQLException {
        String generated = serverMajor >= 12 ? " and a.attgenerated = ''" : "";
        String sql = "select a.attname, format_type(a.atttypid, a.atttypmod), false from pg_attribute a"
                + " where a.attrelid = ?::regclass and a.attnum > 0 and not a.attisdropped" + generated + " order by a.attnum";
        return columns(connection, sql, table);
    }

    static int serverMajor(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("show server_version_num")) {
            rs.next();
            return rs.getInt(1) / 10000;
        }
    }

    static String serverVersion(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("show server_version")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static List<Column> columns(Connection connection, String sql, TableName table) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            st.setString(1, table.sql());
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    columns.add(new Column(rs.getString(1), rs.getString(2), rs.getBoolean(3)));
                }
            }
        }
        return columns;
    }

    record Column(String name, String type, boolean collatable) {
        String sql() {
            return TableName.quote(name);
        }

        boolean integral() {
            return type.equals("integer") || type.equals("bigint") || type.equals("smallint");
        }
    }
}
