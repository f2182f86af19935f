package dev.ferry.doctor;

import dev.ferry.steps.DatabaseUrl;
import dev.ferry.steps.MoveSettings;
import dev.ferry.steps.PostgresCommands;
import dev.ferry.Failures;
import dev.ferry.host.EnvFile;
import dev.ferry.host.DiskSpace;
import dev.ferry.database.DataMove;
import dev.ferry.database.DumpChoice;
import dev.ferry.database.MoveMethod;
import dev.ferry.step.Check;

/**
 * {@code ferry doctor}'s look at move-database's disk: the tables' size (what {@link DataMove#workDiskBytes} counts,
 * measured with psql in the compose postgres container) against the free space where the move's work directory
 * will be, by the rule of {@link DataMove#fits}. The stream needs no disk, so it needs no look either.
 */
final class MoveDiskCheck {

    private final MoveSettings settings;
    private final HostChecks host;

    MoveDiskCheck(MoveSettings settings, HostChecks host) {
        this.settings = settings;
        this.host = host;
    }

    Check check() {
        String method = settings.method();
        if (MoveMethod.STREAM.id().equals(method)) {
            return Check.ok("method stream: pg_dump | pg_restore writes nothing to the host's disk");
        }
        MoveMethod wanted = MoveMethod.AUTO.equals(method) ? DataMove.DEFAULT_METHOD : MoveMethod.parse(method);
        long tables = tableBytes();
        String workDir = settings.workDirectoryPrefix();
        String freeCommand = new DiskSpace("").freeNearestCommand(workDir);
        long free = DiskSpace.freeBytes(host.require(freeCommand, null), freeCommand);
        long needed = DataMove.workDiskBytes(tables, wanted) + DataMove.DISK_HEADROOM_BYTES;
        String sizes = "tables " + DiskSpace.human(tables) + "; " + DiskSpace.human(free) + " free for " + workDir
                + ", method " + wanted.id() + " needs about " + DiskSpace.human(needed) + " with headroom";
        if (DataMove.fits(tables, wanted, free)) {
            return Check.ok(sizes);
        }
        String more = "Free about " + DiskSpace.human(needed - free) + " on the disk of " + workDir;
        if (MoveMethod.AUTO.equals(method)) {
            return Check.warn(sizes + ": method auto will not use directory; it copies or streams instead ("
                    + DumpChoice.rule(workDir) + ")",
                    more + " to leave auto every method");
        }
        return Check.fail(sizes, more + ", or set move-database.method: stream (it needs no disk)");
    }

    /** The size of the app's database's tables; only the database name is taken from the env file's URL. */
    private long tableBytes() {
        String env = host.shell().readFile(settings.plan().compose().envFile());
        String url = EnvFile.parse(env).get(settings.urlKey()).orElseThrow(() -> Failures.step("the env file does"
                + " not set " + settings.urlKey(), "Set compose.databaseUrlKey to the key that holds the database URL"));
        String database = DatabaseUrl.parse(url).database();
        String query = new PostgresCommands(host.compose(), settings.service()).query(database, DataMove.tableBytesQuery());
        String out = host.require(query, "Check that " + settings.service() + " runs: `"
                + host.compose().runningServices() + "`");
        try {
            return Long.parseLong(out.lines().reduce((a, b) -> b).orElse("").strip());
        } catch (NumberFormatException e) {
            throw Failures.step("cannot read the tables' size from psql (got \"" + out + "\")",
                    "Run the query by hand in the " + settings.service() + " container");
        }
    }
}
