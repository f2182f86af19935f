package dev.ferry.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.FerryException;
import org.junit.jupiter.api.Test;

/** The compose command upgrade-local-postgres writes for a replicate plan (pure logic; the sandbox test runs it). */
class LogicalWalTest {
    @Test
    void addsTheFlagsToNoCommandOrAPostgresOneReplacingOnlyItsOwnSettings() {
        assertThat(LogicalWal.command(null, 10, 12))
                .isEqualTo("postgres -c wal_level=logical -c max_replication_slots=10 -c max_wal_senders=12");
        assertThat(LogicalWal.command("\"postgres -c wal_level=replica -c shared_buffers=1GB\"", 13, 10))
                .isEqualTo("postgres -c wal_level=logical -c shared_buffers=1GB -c max_replication_slots=13"
                        + " -c max_wal_senders=10");
        assertThat(LogicalWal.command("-c max_wal_senders=20", 10, 20))
                .isEqualTo("-c max_wal_senders=20 -c wal_level=logical -c max_replication_slots=10");
        String done = LogicalWal.command(null, 10, 10);
        assertThat(LogicalWal.command(done, 10, 10)).as("a second run writes the same").isEqualTo(done);
    }

    @Test
    void refusesACommandItCannotExtendNamingTheFlagsToAddByHand() {
        for (String hostile : new String[] {"sh -c 'postgres'", "[\"postgres\", \"-c\", \"fsync=off\"]", "",
                "postgres -c x=$(id)", "docker-entrypoint.sh postgres"}) {
            assertThatThrownBy(() -> LogicalWal.command(hostile, 10, 10)).as(hostile)
                    .isInstanceOf(FerryException.class)
                    .hasMessageContaining("cannot extend with the logical-replication flags; nothing was changed")
                    .hasMessageContaining("-c wal_level=logical -c max_replication_slots=10 -c max_wal_senders=10");
        }
    }

    @Test
    void readsTheSettingsOrRefusesWhatIsNotThem() {
        assertThat(LogicalWal.settings("replica 10 0 10 1\n")).containsExactly("replica", "10", "0", "10", "1");
        for (String odd : new String[] {"", "replica 10 0 10", "replica 10 x 10 1", "WARNING: x\nreplica 10 0 10 1"}) {
            assertThatThrownBy(() -> LogicalWal.settings(odd)).as(odd).isInstanceOf(FerryException.class)
                    .hasMessageContaining("not wal_level and four counts").hasMessageContaining("Check the service");
        }
    }
}
