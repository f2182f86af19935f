package dev.ferry.sandbox.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.step.RemoteShell.CommandResult;
import dev.ferry.step.RemoteShell.RemoteCommand;
import dev.ferry.host.SshShell;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Step 1's world: swapping postgres:12 for pgautoupgrade upgrades the same volume for real and keeps every row. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresUpgradeOverSshTest {
    private static SeededHost seeded;
    private static SandboxHost host;
    private static SshShell shell;
    private static RedashSandbox redash;

    @BeforeAll
    static void seed() throws Exception {
        seeded = SeededHost.start("ferry-upgrade-test-");
        host = seeded.host();
        shell = seeded.shell();
        redash = seeded.redash();
    }

    @AfterAll
    static void stop() {
        seeded.close();
    }

    @Test
    @Order(1)
    void pgautoupgradeKeepsTheRedashDatabaseIntactOnTheSameVolume() {
        String before = checksums();
        assertThat(before).contains("events|3000|", "query_results|1500|", "queries_id_seq|500");
        assertThat(serverVersion()).startsWith("12.");

        swapImage(RedashSandbox.POSTGRES_IMAGE, "pgautoupgrade/pgautoupgrade:15-alpine");
        CommandResult up = compose("up -d --force-recreate postgres");
        assertThat(up.exitCode()).as(up.stderr()).isZero();
        assertThat(up.stderr()).contains("Container redash-postgres-1  Recreate", "Container redash-postgres-1  Started");

        assertThat(serverVersion()).startsWith("15.");
        assertThat(checksums()).isEqualTo(before);
        assertThat(redash.postgresData().resolve("PG_VERSION")).hasContent("15");
        assertThat(redash.directory().toFile().list()).containsExactlyInAnyOrder("docker-compose.yml", "env",
                "postgres-data", ".sandbox-compose");
    }

    /** Why step 1's rollback must restore the backup: pgautoupgrade left no data the old image can read. */
    @Test
    @Order(2)
    void theOldImageCannotStartOnTheUpgradedVolume() {
        swapImage("pgautoupgrade/pgautoupgrade:15-alpine", RedashSandbox.POSTGRES_IMAGE);

        assertThat(compose("up -d postgres").exitCode()).isZero();
        assertThat(compose("ps --format json postgres").stdout()).isEmpty();
        assertThat(compose("ps -a --format json postgres").stdout()).contains("\"State\":\"exited\"", "\"ExitCode\":1");
        assertThat(compose("logs postgres").stdout()).contains("database files are incompatible with server");
    }

    /** Row count and an md5 over every row per table, and each sequence's last value. */
    private static String checksums() {
        String tables = RedashSandbox.tables().stream().map(t -> "select '" + t + "', count(*), md5(coalesce(string_agg("
                + "x::text, '|' order by x.id), '')) from " + t + " x").collect(Collectors.joining(" union all "));
        String sequences = RedashSandbox.tables().stream().map(t -> "select '" + t + "_id_seq', last_value, '' from "
                + t + "_id_seq").collect(Collectors.joining(" union all "));
        CommandResult result = compose("exec -T postgres psql -v ON_ERROR_STOP=1 -tA -c \"" + tables + " union all "
                + sequences.replace("last_value", "last_value::bigint") + "\"");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return result.stdout();
    }

    private static String serverVersion() {
        return compose("exec -T postgres psql -tAc 'show server_version'").stdout().strip();
    }

    private static void swapImage(String from, String to) {
        String file = redash.composeFile().toString();
        shell.writeFile(file, shell.readFile(file).replace("image: " + from, "image: " + to));
    }

    private static CommandResult compose(String arguments) {
        return shell.run(RemoteCommand.of("cd " + redash.directory() + " && docker compose " + arguments,
                Duration.ofSeconds(120)));
    }
}
