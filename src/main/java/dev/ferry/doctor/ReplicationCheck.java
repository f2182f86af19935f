package dev.ferry.doctor;

import dev.ferry.Failures;
import dev.ferry.database.LogicalReplication;
import dev.ferry.host.EnvFile;
import dev.ferry.plan.StepIds;
import dev.ferry.step.Check;
import dev.ferry.steps.DatabaseUrl;
import dev.ferry.steps.MoveSettings;
import dev.ferry.steps.PostgresCommands;
import java.util.List;

/**
 * {@code ferry doctor} for move-database {@code method: replicate}: what the compose postgres lacks for logical
 * replication (settings that need a restart, tables without a key), read with psql in its container.
 */
final class ReplicationCheck {
    private final MoveSettings settings;
    private final HostChecks host;

    ReplicationCheck(MoveSettings settings, HostChecks host) {
        this.settings = settings;
        this.host = host;
    }

    Check check() {
        if (!settings.mayReplicate()) {
            return Check.ok("method " + settings.method() + ": no logical replication"
                    + (settings.replicates() ? "" : " (auto replicates only with replicationSource set)"));
        }
        String env = host.shell().readFile(settings.plan().compose().envFile());
        String url = EnvFile.parse(env).get(settings.urlKey()).orElseThrow(() -> Failures.step("the env file does"
                + " not set " + settings.urlKey(), "Set compose.databaseUrlKey to the key that holds the database URL"));
        String query = new PostgresCommands(host.compose(), settings.service())
                .query(DatabaseUrl.parse(url).database(), LogicalReplication.problemsQuery());
        List<String> problems = host.require(query, "Check that " + settings.service() + " runs: `"
                + host.compose().runningServices() + "`").lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        boolean auto = !settings.replicates();
        if (problems.isEmpty()) {
            return Check.ok("wal_level logical, slots and senders free, every table keyed"
                    + (auto ? ": method auto will replicate" : ""));
        }
        boolean upgradeSetsThem = settings.plan().step(StepIds.UPGRADE_LOCAL_POSTGRES).isPresent();
        if (auto) {
            boolean onlySettings = problems.stream().noneMatch(p -> p.startsWith("table "));
            return upgradeSetsThem && onlySettings
                    ? Check.ok(String.join("; ", problems) + ": upgrade-local-postgres sets them, then method auto"
                            + " will replicate")
                    : Check.warn(String.join("; ", problems) + ": method auto will use a dump (directory or stream)",
                            "To replicate instead, give each table named a primary key (or a replica identity)"
                                    + (upgradeSetsThem ? "" : " and start postgres with wal_level=logical and free"
                                    + " replication slots and WAL senders"));
        }
        if (upgradeSetsThem && problems.stream().noneMatch(p -> p.startsWith("table "))) {
            return Check.warn(String.join("; ", problems), "upgrade-local-postgres sets them for method replicate"
                    + " (the restart it makes anyway); apply it before move-database");
        }
        return Check.fail(String.join("; ", problems), (upgradeSetsThem ? "Let upgrade-local-postgres set the settings"
                + " (it does for method replicate)" : "Set wal_level=logical, max_replication_slots and"
                + " max_wal_senders (e.g. `command: postgres -c wal_level=logical -c max_replication_slots=10 -c"
                + " max_wal_senders=10` on the compose postgres service, then restart it)") + ", give each table named a"
                + " primary key, or set move-database.method: stream");
    }
}
