package dev.ferry.steps;

import dev.ferry.host.ShellWords;
import dev.ferry.host.ComposeCommands;

/** Commands against the compose postgres service, run inside its container with the container's own client. */
public final class PostgresCommands {
    public static final String DATA_DIR_IN_CONTAINER = "/var/lib/postgresql/data";
    private static final String AS_SUPERUSER = "-U \"${POSTGRES_USER:-postgres}\"";

    private final ComposeCommands compose;
    private final String service;

    public PostgresCommands(ComposeCommands compose, String service) {
        this.compose = compose;
        this.service = service;
    }

    public String serverVersion() {
        return compose.exec(service, "sh -c 'psql " + AS_SUPERUSER + " -d postgres -tAc \"SHOW server_version\"'");
    }

    /** One query's unaligned, header-less result, with the container's own psql as the superuser. */
    public String query(String database, String sql) {
        return compose.exec(service, "sh -c " + ShellWords.quote("psql " + AS_SUPERUSER + " -d "
                + ShellWords.quote(database) + " -tAc " + ShellWords.quote(sql)));
    }

    public String ready() {
        return compose.exec(service, "pg_isready -q");
    }

    public String dumpAll(String file) {
        return compose.exec(service, "sh -c 'pg_dumpall " + AS_SUPERUSER + "'") + " > " + ShellWords.quote(file);
    }

    public String restoreAll(String file) {
        return compose.exec(service, "sh -c 'psql -q " + AS_SUPERUSER + " -d postgres'") + " < " + ShellWords.quote(file);
    }

    /** The host path (bind mount or volume mountpoint) behind the container's data directory. */
    public String dataDirOnHost() {
        return "docker inspect -f " + ShellWords.quote("{{range .Mounts}}{{if eq .Destination \""
                + DATA_DIR_IN_CONTAINER + "\"}}{{.Source}}{{end}}{{end}}") + " \"$(" + compose.containerId(service) + ")\"";
    }

    /** The container's port bindings as JSON ({@code {"5432/tcp":[{"HostIp":"10.0.1.5","HostPort":"5432"}]}}). */
    public String publishedPorts() {
        return "docker inspect -f " + ShellWords.quote("{{json .NetworkSettings.Ports}}") + " \"$("
                + compose.containerId(service) + ")\"";
    }

    public static String dumpComplete(String file) {
        return "tail -n 5 -- " + ShellWords.quote(file) + " | grep -q 'database cluster dump complete'";
    }

    /** {@code 16.4 (Debian 16.4-1)} → {@code 16}; {@code 9.6.24} → {@code 9.6}. */
    public static String major(String serverVersion) {
        String[] parts = serverVersion.strip().split("[ .]");
        int first = Integer.parseInt(parts[0].replaceAll("\\D.*", ""));
        return first >= 10 || parts.length < 2 ? String.valueOf(first) : first + "." + parts[1];
    }

    public static double majorNumber(String serverVersion) {
        return Double.parseDouble(major(serverVersion));
    }
}
