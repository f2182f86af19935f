package dev.ferry.steps;

import dev.ferry.engine.ActionContext;
import dev.ferry.plan.Plan;

/**
 * Copies a database on the source host with the target major's client, in a throwaway {@code postgres:<major>}
 * container that shares the compose postgres container's network (so it reaches it on 127.0.0.1, and RDS through
 * the host's route). Passwords travel in a mode-600 pgpass file, never on a command line.
 */
final class DataMover {
    static final String LOCAL = "127.0.0.1";
    private static final String PGPASS_IN_CONTAINER = "/ferry/pgpass";

    private final Plan plan;
    private final ComposeCommands compose;
    private final String service;
    private final String method;
    private final int jobs;

    DataMover(Plan plan, ComposeCommands compose, String method, int jobs) {
        this.plan = plan;
        this.compose = compose;
        this.service = new PlanNames(plan).databaseService();
        this.method = method;
        this.jobs = jobs;
    }

    String pgpassDir() {
        return "/tmp/ferry-" + plan.name();
    }

    String pgpassPath() {
        return pgpassDir() + "/pgpass";
    }

    /** {@code from} and {@code to} are (user, db, host, port) as seen from inside the postgres container. */
    String command(Endpoint from, Endpoint to) {
        String image = "postgres:" + plan.target().database().engineMajor();
        return "docker run --rm --network container:$(" + compose.containerId(service) + ") -v " + pgpassPath() + ":"
                + PGPASS_IN_CONTAINER + ":ro -e PGPASSFILE=" + PGPASS_IN_CONTAINER + " " + image + " bash -o pipefail -c "
                + ShellWords.quote(pipeline(from, to));
    }

    private String pipeline(Endpoint from, Endpoint to) {
        String restoreFlags = " --no-owner --no-acl --clean --if-exists";
        if ("directory".equals(method)) {
            return "pg_dump" + from.flags() + " -Fd -Z 0 -j " + jobs + " --no-comments -f /tmp/ferry-dump && pg_restore"
                    + to.flags() + restoreFlags + " -j " + jobs + " /tmp/ferry-dump";
        }
        return "pg_dump" + from.flags() + " -Fc -Z 0 --no-comments | pg_restore" + to.flags() + restoreFlags;
    }

    /** Writes the pgpass file in a fresh mode-700 directory, so it is never readable by others, even briefly. */
    void writePgpass(ActionContext ctx, String... lines) {
        Remote.require(ctx, "rm -rf -- " + pgpassDir() + " && mkdir -m 700 -- " + pgpassDir(),
                "Check that /tmp on the host is writable");
        ctx.host().writeFile(pgpassPath(), String.join("\n", lines) + "\n");
        Remote.require(ctx, "chmod 600 -- " + pgpassPath(), "Check permissions of " + pgpassDir());
    }

    void removePgpass(ActionContext ctx) {
        Remote.run(ctx, dev.ferry.host.RemoteShell.RemoteCommand.of("rm -rf -- " + pgpassDir(), Remote.SHORT));
    }

    record Endpoint(String user, String database, String host, int port) {
        static Endpoint of(DatabaseUrl url, String host, int port) {
            return new Endpoint(url.user(), url.database(), host, port);
        }

        String flags() {
            return " -h " + ShellWords.quote(host) + " -p " + port + " -U " + ShellWords.quote(user) + " -d "
                    + ShellWords.quote(database);
        }
    }
}
