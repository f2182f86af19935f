package dev.ferry.cli;

import dev.ferry.testing.RehearsalAws;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.aws.EdgeInventory;
import dev.ferry.aws.TaggedInventory;
import dev.ferry.step.DatabasePorts.ConnectionSpec;
import dev.ferry.step.DatabasePorts.Snapshot;
import dev.ferry.database.PostgresSnapshots;
import dev.ferry.plan.Plan;
import dev.ferry.sandbox.Rehearsal;
import dev.ferry.state.Json;
import dev.ferry.testing.EnvValues;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a rollback must put back, as a rehearsal shows it: the compose and env files byte for byte, the compose
 * services running, every AWS resource tagged for the plan, the zone's records, the listener's rules, each ECS
 * service's desired count, and the app's database (row counts and checksums of every table the app does not write
 * by itself; for the tables it writes, every row that was there is still there).
 */
record WorldSnapshot(String compose, String env, Set<String> running, List<String> tagged, List<String> edge,
                     Map<String, Long> rowCounts, Map<String, String> checksums, Map<String, Set<String>> appRows) {
    static final List<String> APP_WRITTEN = List.of("public.standin_results", "public.standin_ticks");

    static WorldSnapshot of(Rehearsal rehearsal, Plan plan) throws Exception {
        var redash = rehearsal.redash();
        ConnectionSpec db = appDatabase(rehearsal);
        Snapshot tables = new PostgresSnapshots().snapshot(db);
        Map<String, Set<String>> appRows = new TreeMap<>();
        for (String table : APP_WRITTEN) {
            appRows.put(table, EnvValues.rows(db, table));
        }
        return new WorldSnapshot(Json.sha256(Files.readAllBytes(redash.composeFile())),
                Json.sha256(Files.readAllBytes(redash.envFile())),
                new TreeSet<>(redash.docker("ps --services --filter status=running").orThrow("ps").stdout().lines()
                        .map(String::strip).filter(s -> !s.isEmpty()).toList()),
                TaggedInventory.of(RehearsalAws.settings(rehearsal), plan.name()).stream().sorted().toList(),
                EdgeInventory.of(RehearsalAws.settings(rehearsal), plan.edge().hostedZoneId(), plan.edge().listenerArn(),
                        plan.target().ecs().cluster()),
                withoutAppTables(tables.rowCounts()), withoutAppTables(tables.checksums()), appRows);
    }

    /** Asserts that {@code after} is this world again; {@code where} names the failure point in the message. */
    void assertRestoredIn(WorldSnapshot after, String where) {
        assertThat(after.compose).as(where + ": compose file byte for byte").isEqualTo(compose);
        assertThat(after.env).as(where + ": env file byte for byte").isEqualTo(env);
        assertThat(after.running).as(where + ": compose services running").isEqualTo(running);
        assertThat(after.tagged).as(where + ": AWS resources tagged for the plan").isEqualTo(tagged);
        assertThat(after.edge).as(where + ": records, listener rules, ECS desired counts").isEqualTo(edge);
        assertThat(after.rowCounts).as(where + ": row counts").isEqualTo(rowCounts);
        assertThat(after.checksums).as(where + ": table checksums").isEqualTo(checksums);
        appRows.forEach((table, rows) -> assertThat(after.appRows.get(table))
                .as(where + ": every row of " + table + " is still there").containsAll(rows));
    }

    /** The app answers HTTPS on the real domain (whatever serves it now) within {@code within}. */
    static void assertAppAnswers(Rehearsal rehearsal, Duration within, String where) throws Exception {
        URI ping = rehearsal.realUrl();
        long deadline = System.nanoTime() + within.toNanos();
        int status = -1;
        while (System.nanoTime() < deadline) {
            try {
                status = rehearsal.internet().client().get(ping, Duration.ofSeconds(2));
            } catch (java.io.IOException e) {
                status = -1;
            }
            if (status == 200) {
                return;
            }
            Thread.sleep(250);
        }
        assertThat(status).as(where + ": " + ping + " answers within " + within).isEqualTo(200);
    }

    /** Where REDASH_DATABASE_URL points: RDS as named, or the compose postgres as this machine reaches it. */
    private static ConnectionSpec appDatabase(Rehearsal rehearsal) throws Exception {
        var redash = rehearsal.redash();
        ConnectionSpec named = EnvValues.databaseUrl(redash.envFile());
        if (!named.host().equals("postgres")) {
            return named;
        }
        return new ConnectionSpec("127.0.0.1", dev.ferry.testing.SandboxWorlds.postgresPort(redash), named.database(), named.user(), named.password());
    }

    private static <V> Map<String, V> withoutAppTables(Map<String, V> all) {
        return all.entrySet().stream().filter(e -> !APP_WRITTEN.contains(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }
}
