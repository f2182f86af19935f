package dev.ferry.database;

import dev.ferry.step.SourceInventory;
import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.step.DatabasePorts.ConnectionSpec;
import dev.ferry.database.Pipeline.PassFile;
import java.util.stream.Collectors;

/**
 * Builds the data move for the source host, for each {@link MoveMethod}. The scripts reference the two databases as
 * {@code $SRC} and {@code $TGT} libpq connection strings without passwords; passwords reach the programs through a
 * 0600 password file in the work directory, which {@link #workDirectoryCommand} makes first. Writers must be stopped first: the steps of the copy method are separate
 * snapshots of the source.
 */
public final class DataMove {
    /**
     * The fastest in the benchmark (bench/data-move.sh, README "Data move"): parallel dump and parallel restore, which
     * also builds one table's indexes while the next table loads. It needs room on the host; see {@link #methodFor}.
     */
    public static final MoveMethod DEFAULT_METHOD = MoveMethod.DIRECTORY;

    /** Room kept free on the host's disk beyond the dump, so the compose services sharing it never hit a full disk. */
    public static final long DISK_HEADROOM_BYTES = 1L << 30;

    private static final String RESTORE_FLAGS = " --no-owner --no-acl --exit-on-error -v -d \"$TGT\"";
    // Drops each object of the dump before creating it, so an earlier, interrupted move into the target is no obstacle.
    private static final String CLEAN_FLAGS = " --clean --if-exists";
    private static final String PSQL_FLAGS = " -X -q -v ON_ERROR_STOP=1";
    /** What mktemp replaces with random characters; also how previews show the work directory. */
    public static final String MKTEMP_SUFFIX = ".XXXXXXXXXX";

    private DataMove() {
    }

    public static Pipeline pipeline(ConnectionSpec source, ConnectionSpec target, SourceInventory inventory, MoveOptions options) {
        String work = options.workDirectory().replaceAll("/+$", "");
        // The programs run on the host: they read the target's CA bundle from a copy in the work directory.
        Pipeline.CaFile caFile = target.tls() == null ? null
                : new Pipeline.CaFile(work + "/target-ca.pem", target.tls().caBundle());
        ConnectionSpec targetOnHost = caFile == null ? target : target.withTls(target.tls().withCaBundle(caFile.path()));
        PassFile passFile = new PassFile(work + "/pgpass", Libpq.pgpassLine(source) + Libpq.pgpassLine(target));
        MoveScript script = new MoveScript(work, !passFile.isEmpty())
                .variable("SRC", Libpq.conninfo(source))
                .variable("TGT", Libpq.conninfo(targetOnHost));
        String clean = options.clean() ? CLEAN_FLAGS : "";
        switch (options.method()) {
            case STREAM -> stream(script, options.tools(), clean);
            case DIRECTORY -> directory(script, options.tools(), options.jobs(), clean);
            case COPY -> copy(script, options.tools(), options.jobs(), inventory, clean);
            case REPLICATE -> script.phase("schema").checkedPipe(options.tools().pgDump() + " -Fc --schema-only -d \"$SRC\"",
                    options.tools().pgRestore() + clean + " --no-publications --no-subscriptions" + RESTORE_FLAGS, "schema");
        }
        // Restored tables have no planner statistics; without them the app's first queries may pick bad plans.
        script.phase("analyze").step(options.tools().psql() + PSQL_FLAGS + " -d \"$TGT\" -c ANALYZE", "analyze");
        String tables = inventory.tables().isEmpty() ? "every table" : inventory.tables().size() + " tables";
        String header = "move data (" + options.method().id() + ", " + tables + ") from "
                + source + " to " + target + " on the source host, passwords in " + passFile.path() + " (0600):";
        return new Pipeline(options.method(), work, script.script(), mask(script.display(header), source, target),
                passFile, inventory, caFile);
    }

    /**
     * Makes the move's work directory on the host and prints its path: a new, unpredictable, 0700 directory named
     * {@code prefix.XXXXXXXXXX} (mktemp), after removing this user's directories of earlier moves with that prefix
     * (an interrupted move's password file and dump). Take the path with {@link #createdWorkDirectory}.
     */
    public static String workDirectoryCommand(String prefix) {
        return "umask 077 && " + removeWorkDirectoriesCommand(prefix) + " && mktemp -d "
                + MoveScript.quote(prefix + MKTEMP_SUFFIX);
    }

    /** Removes every work directory {@link #workDirectoryCommand} made with {@code prefix} that the SSH user owns. */
    public static String removeWorkDirectoriesCommand(String prefix) {
        int slash = prefix.lastIndexOf('/');
        return "find " + MoveScript.quote(slash == 0 ? "/" : prefix.substring(0, slash)) + " -maxdepth 1 -type d"
                + " -name " + MoveScript.quote(prefix.substring(slash + 1) + ".*") + " -user \"$(id -u)\""
                + " -exec rm -rf -- {} +";
    }

    /** The path {@link #workDirectoryCommand} printed, refused unless it is a directory name with {@code prefix}. */
    public static String createdWorkDirectory(String prefix, String output) {
        String path = output.strip();
        if (!path.matches(java.util.regex.Pattern.quote(prefix) + "\\.[A-Za-z0-9]{6,}")) {
            throw new FerryException(ErrorCode.STEP_FAILED, "mktemp on the host printed \"" + path + "\", not a new"
                    + " directory named " + prefix + MKTEMP_SUFFIX + "; check that mktemp -d works there");
        }
        return path;
    }

    /**
     * Bytes the method writes into the work directory (an estimate: an uncompressed dump measured 1.15x the tables'
     * heap and TOAST size on the benchmark database, as compressed TOAST values are written out in full).
     */
    public static long workDiskBytes(SourceInventory inventory, MoveMethod method) {
        return workDiskBytes(inventory.totalBytes(), method);
    }

    /** {@link #workDiskBytes(SourceInventory, MoveMethod)} from the tables' total size alone. */
    public static long workDiskBytes(long tableBytes, MoveMethod method) {
        return switch (method) {
            case DIRECTORY -> tableBytes * 3 / 2;
            case COPY -> 64L << 20;
            case STREAM, REPLICATE -> 0;
        };
    }

    /** Whether the method's work files and the headroom fit in {@code freeBytes}. */
    public static boolean fits(long tableBytes, MoveMethod method, long freeBytes) {
        return method == MoveMethod.STREAM || freeBytes >= workDiskBytes(tableBytes, method) + DISK_HEADROOM_BYTES;
    }

    /**
     * One row, one column: the bytes {@link #workDiskBytes} counts (heap and TOAST of every user table), for a client
     * that cannot run the inventory itself (psql in the database's container).
     */
    public static String tableBytesQuery() {
        return "select coalesce(sum(t.bytes), 0) from (" + Catalog.TABLE_SIZES + ") as t(schema_name, table_name, bytes)";
    }

    private static void stream(MoveScript script, ClientTools tools, String clean) {
        script.phase("data").checkedPipe(tools.pgDump() + " -Fc -Z0 -d \"$SRC\"", tools.pgRestore() + clean + RESTORE_FLAGS,
                "pg_dump | pg_restore");
    }

    private static void directory(MoveScript script, ClientTools tools, int jobs, String clean) {
        script.phase("dump")
                .step(tools.pgDump() + " -Fd -j " + jobs + " -Z0 --no-sync -f \"$W/dump\" -d \"$SRC\"", "pg_dump")
                .phase("data")
                .step(tools.pgRestore() + " -j " + jobs + clean + RESTORE_FLAGS + " \"$W/dump\"", "pg_restore");
    }

    private static void copy(MoveScript script, ClientTools tools, int jobs, SourceInventory inventory, String clean) {
        script.phase("pre-data").checkedPipe(tools.pgDump() + " -Fc --section=pre-data -d \"$SRC\"",
                tools.pgRestore() + clean + RESTORE_FLAGS, "schema (pre-data)");
        script.phase("data");
        ParallelCopy.append(script, tools, jobs, inventory);
        String excluded = inventory.tables().stream().map(t -> " --exclude-table-data=" + MoveScript.quote(t.table().sql()))
                .collect(Collectors.joining());
        script.phase("sequences").checkedPipe(tools.pgDump() + " -Fc --section=data" + excluded + " -d \"$SRC\"",
                tools.pgRestore() + RESTORE_FLAGS, "sequence values");
        script.phase("post-data")
                .step(tools.pgDump() + " -Fc --section=post-data -f \"$W/post.dump\" -d \"$SRC\"", "pg_dump (post-data)")
                .step(tools.pgRestore() + " -j " + jobs + RESTORE_FLAGS + " \"$W/post.dump\"", "indexes and constraints (post-data)");
    }

    /** Belt and braces: no password is ever put into the text, but mask any that would appear all the same. */
    static String mask(String text, ConnectionSpec... connections) {
        String out = text;
        for (ConnectionSpec c : connections) {
            if (c.password() != null && c.password().length() >= 4) {
                out = out.replace(c.password(), "****");
            }
        }
        return out;
    }
}
