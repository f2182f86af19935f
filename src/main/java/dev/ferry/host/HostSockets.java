package dev.ferry.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The source host's IPv4 addresses and listening TCP sockets, read from iproute2's {@code ip} and {@code ss}. */
public final class HostSockets {
    /** One line per address, each with {@code inet <address>/<prefix>}. */
    public static final String ADDRESSES = "ip -4 -o addr show";
    /** Listening TCP sockets, numeric: {@code LISTEN 0 4096 0.0.0.0:5432 0.0.0.0:*}. */
    public static final String LISTENERS = "ss -ltn";
    private static final Pattern INET = Pattern.compile("\\binet ([0-9.]+)/");

    private HostSockets() {
    }

    public static List<String> addresses(String ipOutput) {
        List<String> addresses = new ArrayList<>();
        Matcher m = INET.matcher(ipOutput);
        while (m.find()) {
            addresses.add(m.group(1));
        }
        return addresses;
    }

    /**
     * The local address of a listening socket that holds {@code port} on {@code ip} (on it, on every IPv4 address, or
     * on every IPv6 address, which on Linux takes IPv4 too), so nothing else can bind there; empty when none does.
     */
    public static Optional<String> listener(String ssOutput, String ip, int port) {
        for (String line : ssOutput.split("\\R")) {
            String[] columns = line.strip().split("\\s+");
            if (columns.length < 4 || !columns[0].equals("LISTEN")) {
                continue;
            }
            String local = columns[3];
            int colon = local.lastIndexOf(':');
            if (colon < 0 || !local.substring(colon + 1).equals(String.valueOf(port))) {
                continue;
            }
            String host = local.substring(0, colon).replace("[", "").replace("]", "").replaceFirst("%.*$", "")
                    .replaceFirst("^::ffff:", "");
            if (host.equals(ip) || host.equals("0.0.0.0") || host.equals("*") || host.equals("::")) {
                return Optional.of(local);
            }
        }
        return Optional.empty();
    }
}
