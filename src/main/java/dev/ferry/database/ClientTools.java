package dev.ferry.database;

/**
 * The PostgreSQL client programs the move runs on the source host, as command prefixes. Use the client of the target's
 * major where the host has it: a newer pg_dump reads older servers, an older one refuses newer servers.
 */
public record ClientTools(String pgDump, String pgRestore, String psql) {

    /** {@code pg_dump}, {@code pg_restore} and {@code psql} from the PATH. */
    public static ClientTools onPath() {
        return new ClientTools("pg_dump", "pg_restore", "psql");
    }

    /** The programs in one directory, e.g. {@code /usr/lib/postgresql/16/bin}. */
    public static ClientTools in(String binDirectory) {
        String dir = binDirectory.endsWith("/") ? binDirectory : binDirectory + "/";
        return new ClientTools(MoveScript.quote(dir + "pg_dump"), MoveScript.quote(dir + "pg_restore"), MoveScript.quote(dir + "psql"));
    }

    /**
     * The programs of a PostgreSQL image run through docker on the host's network, for hosts whose only PostgreSQL is the
     * compose service. The work directory (password file, dumps) is mounted at the same path.
     */
    public static ClientTools docker(String image, String workDirectory) {
        String run = "docker run --rm -i --network host -e PGPASSFILE -v " + MoveScript.quote(workDirectory + ":" + workDirectory)
                + " " + MoveScript.quote(image) + " ";
        return new ClientTools(run + "pg_dump", run + "pg_restore", run + "psql");
    }
}
