package dev.ferry.database;

import dev.ferry.step.LiveDigests.Digest;
import dev.ferry.step.LiveDigests.TableDigests;
import dev.ferry.step.TableName;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Digests of a table by buckets of key values, summed the way {@link TableChecksum} sums a whole table (the first 64
 * bits of each row's md5, added as numbers), so the buckets of a table add up to its checksum.
 */
final class BucketDigests {
    /** At most this many rows per bucket: what the writers-stopped half reads again for each changed key. */
    static final long ROWS_PER_BUCKET = 100;
    /**
     * And about this many bytes: Redash's query_results rows hold kilobytes of JSON each, and a writer updating rows
     * all over such a table would otherwise have the cutover read megabytes again per changed row.
     */
    static final long BYTES_PER_BUCKET = 64 << 10;

    private BucketDigests() {
    }

    /** The table's single integer key column, or null; and a width giving buckets of the size above. */
    static TableDigests layout(Connection c, TableName table) throws SQLException {
        List<Catalog.Column> key = Catalog.primaryKey(c, table);
        if (key.size() != 1 || !key.get(0).integral()) {
            return new TableDigests(null, 1, Map.of());
        }
        String k = "r." + key.get(0).sql();
        try (PreparedStatement st = c.prepareStatement("select min(" + k + ")::numeric, max(" + k + ")::numeric,"
                + " count(*), pg_table_size(?::regclass) from " + table.sql() + " r")) {
            st.setString(1, table.sql());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                long rows = rs.getLong(3);
                if (rows == 0) {
                    return new TableDigests(key.get(0).name(), ROWS_PER_BUCKET, Map.of());
                }
                double rowBytes = Math.max(1.0, rs.getLong(4) / (double) rows);
                double perBucket = Math.max(1.0, Math.min(ROWS_PER_BUCKET, BYTES_PER_BUCKET / rowBytes));
                double span = rs.getBigDecimal(2).subtract(rs.getBigDecimal(1)).doubleValue() + 1;
                double width = Math.ceil(span * perBucket / rows);
                return new TableDigests(key.get(0).name(), (long) Math.max(1, Math.min(width, Long.MAX_VALUE / 4)),
                        Map.of());
            }
        }
    }

    /** Every bucket of the table (those without rows are absent). */
    static Map<Long, Digest> all(Connection c, TableName table, TableDigests layout) throws SQLException {
        String sql = layout.keyColumn() == null
                ? "select 0::bigint, count(*), coalesce(sum(" + TableChecksum.ROW_HASH + "), 0)::text from " + table.sql() + " r"
                : "select " + bucket(layout) + ", count(*), sum(" + TableChecksum.ROW_HASH + ")::text from " + table.sql()
                        + " r group by 1";
        try (PreparedStatement st = c.prepareStatement(sql)) {
            return read(st);
        }
    }

    /** The given buckets only, each read through the key's index. */
    static Map<Long, Digest> some(Connection c, TableName table, TableDigests layout, Collection<Long> buckets)
            throws SQLException {
        if (buckets.isEmpty()) {
            return Map.of();
        }
        Long[] lo = new Long[buckets.size()];
        Long[] hi = new Long[buckets.size()];
        int i = 0;
        for (long b : buckets) {
            long[] range = range(b, layout.width());
            lo[i] = range[0];
            hi[i++] = range[1];
        }
        // each range through the key's index: the lateral subquery behind OFFSET 0 is not flattened into a join,
        // for which the planner, guessing the ranges' width, preferred one scan of the whole table per side
        String k = "r." + TableName.quote(layout.keyColumn());
        String sql = "select y.b, count(*), sum(y.h)::text from unnest(?::bigint[], ?::bigint[]) as x(lo, hi)"
                + " cross join lateral (select " + bucket(layout) + " as b, " + TableChecksum.ROW_HASH + " as h from " + table.sql()
                + " r where " + k + " between x.lo and x.hi offset 0) y group by 1";
        try (PreparedStatement st = c.prepareStatement(sql)) {
            Array los = c.createArrayOf("bigint", lo);
            Array his = c.createArrayOf("bigint", hi);
            st.setArray(1, los);
            st.setArray(2, his);
            return read(st);
        }
    }

    /** The key values of bucket {@code b} under integer division that truncates toward zero, as SQL's and Java's do. */
    static long[] range(long b, long width) {
        long low = b > 0 ? times(b, width) : b < 0 ? plus(times(b, width), -(width - 1)) : -(width - 1);
        long high = b > 0 ? plus(times(b, width), width - 1) : b < 0 ? times(b, width) : width - 1;
        return new long[] {low, high};
    }

    /** The checksum {@link TableChecksum} gives a whole table whose buckets are these. */
    static String checksum(Collection<Digest> buckets) {
        BigInteger sum = buckets.stream().map(Digest::sum).reduce(BigInteger.ZERO, BigInteger::add);
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(sum.toString().getBytes(StandardCharsets.US_ASCII));
            return "full:" + HexFormat.of().formatHex(md5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JDK", e);
        }
    }

    static long rows(Collection<Digest> buckets) {
        return buckets.stream().mapToLong(Digest::rows).sum();
    }

    private static String bucket(TableDigests layout) {
        return "(r." + TableName.quote(layout.keyColumn()) + " / " + layout.width() + ")::bigint";
    }

    private static Map<Long, Digest> read(PreparedStatement st) throws SQLException {
        Map<Long, Digest> digests = new HashMap<>();
        try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                if (rs.getLong(2) > 0) {
                    digests.put(rs.getLong(1), new Digest(rs.getLong(2), new BigInteger(rs.getString(3))));
                }
            }
        }
        return digests;
    }

    private static long times(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException overflow) {
            return (a < 0) == (b < 0) ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
    }

    private static long plus(long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException overflow) {
            return b > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
    }
}
