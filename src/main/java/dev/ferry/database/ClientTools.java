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
     * compose service. The script's work directory {@code $W} (password file, dumps) is mounted at the same path, and
     * the programs run as the SSH user: they can read its 0600 password file, and what they write there is the user's
     * to remove (root-owned dump files would outlive the script's cleanup).
     */
    public static ClientTools docker(String image) {
        String run = "docker run --rm -i --network host --user \"$(id -u):$(id -g)\" -e PGPASSFILE -v \"$W:$W\" "
                + MoveScript.quote(image) + " ";
        return new ClientTools(run + "pg_dump", run + "pg_restore", run + "psql");
    }
}
