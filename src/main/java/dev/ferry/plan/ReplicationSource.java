package dev.ferry.plan;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * move-database's {@code replicationSource}: the host's private IPv4 address and the port at which RDS reaches the
 * compose postgres. upgrade-local-postgres writes it into the compose file as {@code "<address>:<port>:5432"} and the
 * commands run on the host, so the loader lets through nothing but dotted digits and a port: no name, no quote, no
 * space, no shell or YAML character.
 */
public record ReplicationSource(String address, int port) {
    /** The port PostgreSQL listens on inside its container. */
    public static final int CONTAINER_PORT = 5432;
    private static final Pattern SHAPE = Pattern.compile("([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})"
            + ":([0-9]{1,5})");

    /** The value, which {@link #problem} must have accepted. */
    public static ReplicationSource parse(String value) {
        Optional<String> problem = problem(value);
        if (problem.isPresent()) {
            throw new IllegalArgumentException("replicationSource " + shown(value) + " " + problem.get());
        }
        int colon = value.lastIndexOf(':');
        return new ReplicationSource(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
    }

    /**
     * Why {@code value} is not a private IPv4 address and a port, or empty. Private: 10/8, 172.16/12, 192.168/16 and
     * 100.64/10 (the ranges a VPC uses), and 127/8 for a rehearsal where RDS runs on the same machine. A public
     * address is refused: EC2 does not have it on an interface (docker could not bind it), and anything broader than
     * the one private address would widen who can reach the database.
     */
    public static Optional<String> problem(String value) {
        Matcher m = value == null ? null : SHAPE.matcher(value);
        if (m == null || !m.matches()) {
            return Optional.of("is not an IPv4 address and a port (address:port)");
        }
        int[] octets = new int[4];
        for (int i = 0; i < 4; i++) {
            octets[i] = Integer.parseInt(m.group(i + 1));
            if (octets[i] > 255 || m.group(i + 1).length() > 1 && m.group(i + 1).startsWith("0")) {
                return Optional.of("is not an IPv4 address and a port: '" + m.group(i + 1) + "' is not an octet"
                        + " (0 to 255, no leading zero)");
            }
        }
        int port = Integer.parseInt(m.group(5));
        if (port < 1 || port > 65535) {
            return Optional.of("has port " + port + ", outside 1 to 65535");
        }
        if (!isPrivate(octets)) {
            return Optional.of("is not a private address (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10, or"
                    + " 127.0.0.0/8 for a rehearsal on one machine); ferry publishes postgres on exactly this address,"
                    + " never on a public or every address");
        }
        return Optional.empty();
    }

    private static boolean isPrivate(int[] o) {
        return o[0] == 10 || o[0] == 127 || o[0] == 172 && o[1] >= 16 && o[1] <= 31 || o[0] == 192 && o[1] == 168
                || o[0] == 100 && o[1] >= 64 && o[1] <= 127;
    }

    /** A value for a message: control characters visible, cut at 40 characters. */
    public static String shown(String value) {
        if (value == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(41).forEach(c -> out.append(c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t"
                : Character.isISOControl(c) ? "?" : Character.toString(c)));
        return "'" + (out.length() > 40 ? out.substring(0, 37) + "..." : out) + "'";
    }

    /** {@code address:port}. */
    @Override
    public String toString() {
        return address + ":" + port;
    }

    /** The compose {@code ports:} entry that publishes the container's postgres at exactly this address and port. */
    public String publishEntry() {
        return address + ":" + port + ":" + CONTAINER_PORT;
    }
}
