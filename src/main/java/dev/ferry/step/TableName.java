package dev.ferry.step;

/** A schema-qualified relation name; {@link #toString()} is the plain {@code schema.name} used in snapshots and messages. */
public record TableName(String schema, String name) implements Comparable<TableName> {

    /** The name quoted for SQL, safe for any identifier: {@code "public"."events"}. */
    public String sql() {
        return quote(schema) + "." + quote(name);
    }

    @Override
    public String toString() {
        return schema + "." + name;
    }

    @Override
    public int compareTo(TableName other) {
        return toString().compareTo(other.toString());
    }

    /** Parses the plain {@code schema.name} form (the schema is everything before the first dot). */
    public static TableName parse(String plain) {
        int dot = plain.indexOf('.');
        if (dot < 1) {
            throw new IllegalArgumentException("not a schema-qualified name: " + plain);
        }
        return new TableName(plain.substring(0, dot), plain.substring(dot + 1));
    }

    public static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
