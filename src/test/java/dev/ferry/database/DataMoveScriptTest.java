package dev.ferry.database;

import dev.ferry.step.TableName;
import dev.ferry.step.SourceInventory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.step.DatabasePorts.ConnectionSpec;
import dev.ferry.step.SourceInventory.TableSize;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The text of the pipelines: what an operator sees in the preview and what the host runs. */
class DataMoveScriptTest {
    private static final ConnectionSpec SOURCE = new ConnectionSpec("127.0.0.1", 5432, "redash", "postgres", null);
    private static final ConnectionSpec TARGET = new ConnectionSpec("db.abc.eu-west-1.rds.amazonaws.com", 5432, "redash", "ferry", "pw-1234");
    private static final SourceInventory INVENTORY = new SourceInventory(List.of(
            new TableSize(new TableName("public", "query_results"), 700), new TableSize(new TableName("public", "events"), 300),
            new TableSize(new TableName("public", "queries"), 200), new TableSize(new TableName("public", "it's"), 100)),
            List.of(new TableName("public", "events_id_seq")));

    @Test
    void streamIsOneCheckedPipeWithoutIntermediateFile() {
        Pipeline p = DataMove.pipeline(SOURCE, TARGET, INVENTORY, MoveOptions.defaults("/tmp/ferry-move").with(MoveMethod.STREAM));
        assertThat(p.display()).isEqualTo("move data (stream, 4 tables) from postgresql://postgres:****@127.0.0.1:5432/redash to "
                + "postgresql://ferry:****@db.abc.eu-west-1.rds.amazonaws.com:5432/redash on the source host, passwords in "
                + "/tmp/ferry-move/pgpass (0600):\n"
                + "  pg_dump -Fc -Z0 -d \"$SRC\" | pg_restore --no-owner --no-acl --exit-on-error -v -d \"$TGT\"\n"
                + "  psql -X -q -v ON_ERROR_STOP=1 -d \"$TGT\" -c ANALYZE");
        assertThat(p.command()).contains("TGT='host=db.abc.eu-west-1.rds.amazonaws.com port=5432 dbname=redash user=ferry")
                .contains("{ pg_dump -Fc -Z0 -d \"$SRC\"; echo $? >\"$W/pipe1.rc\"; } | pg_restore")
                .contains("chmod 600 \"$PGPASSFILE\"").doesNotContain(" -f ");
        assertThat(p.passFile().content()).isEqualTo("db.abc.eu-west-1.rds.amazonaws.com:5432:redash:ferry:pw-1234\n");
    }

    @Test
    void aVerifiedTargetIsReachedWithVerifyFullAndTheBundleCopiedIntoTheWorkDirectory() {
        ConnectionSpec verified = TARGET.verifiedBy("/home/op/.postgresql/rds global.pem");
        Pipeline p = DataMove.pipeline(SOURCE, verified, INVENTORY, MoveOptions.defaults("/tmp/ferry-move").with(MoveMethod.STREAM));
        assertThat(p.caFile().path()).isEqualTo("/tmp/ferry-move/target-ca.pem");
        assertThat(p.caFile().bundle()).isEqualTo("/home/op/.postgresql/rds global.pem");
        assertThat(p.command()).contains("TGT='host=db.abc.eu-west-1.rds.amazonaws.com port=5432 dbname=redash user=ferry"
                + " connect_timeout=20 application_name=ferry sslmode=verify-full sslrootcert=/tmp/ferry-move/target-ca.pem'")
                .contains("SRC='host=127.0.0.1 port=5432 dbname=redash user=postgres connect_timeout=20 application_name=ferry'");
        assertThat(DataMove.pipeline(SOURCE, TARGET, INVENTORY, MoveOptions.defaults("/tmp/ferry-move")).caFile()).isNull();
    }

    @Test
    void copySplitsTablesLargestFirstIntoJobLanesAndQuotesNames() {
        Pipeline p = DataMove.pipeline(SOURCE, TARGET, INVENTORY, MoveOptions.defaults("/tmp/ferry-move").with(MoveMethod.COPY));
        assertThat(ParallelCopy.lanes(ParallelCopy.items(INVENTORY, 2), 2)).extracting(lane -> lane.stream().map(t -> t.table().table().name()).toList())
                .containsExactly(List.of("query_results"), List.of("events", "queries", "it's"));
        assertThat(p.command()).contains("( copy_table '\"public\".\"query_results\"' 0 'public.query_results' ) & L0=$!")
                .contains("copy_table '\"public\".\"it'\\''s\"' 3 'public.it'\\''s'")
                .contains("--exclude-table-data='\"public\".\"events\"'")
                .contains("pg_restore -j 2 --no-owner --no-acl --exit-on-error -v -d \"$TGT\" \"$W/post.dump\"");
        assertThat(ParallelCopy.lanes(ParallelCopy.items(INVENTORY, 8), 8)).hasSize(4);
    }

    @Test
    void aDominantTableWithAnIntegerKeyIsCopiedAsKeyRangesInParallel() {
        long mb = 1L << 20;
        SourceInventory inventory = new SourceInventory(List.of(
                new TableSize(new TableName("public", "query_results"), 700 * mb, "id"),
                new TableSize(new TableName("public", "events"), 300 * mb, "id"),
                new TableSize(new TableName("public", "no_int_key"), 200 * mb, null)), List.of());
        assertThat(ParallelCopy.items(inventory, 2)).extracting(i -> i.table().table().name() + " " + i.part() + "/" + i.parts())
                .containsExactly("query_results 0/2", "query_results 1/2", "events 0/1", "no_int_key 0/1");
        assertThat(ParallelCopy.items(inventory, 1)).hasSize(3);
        Pipeline p = DataMove.pipeline(SOURCE, TARGET, inventory, MoveOptions.defaults("/tmp/ferry-move").with(MoveMethod.COPY));
        assertThat(p.command()).contains("-c 'TRUNCATE \"public\".\"query_results\"' || fail 'truncate public.query_results'")
                .contains("copy_part 'select r.* from \"public\".\"query_results\" r where r.\"id\" < (select (min(\"id\")"
                        + " + floor((max(\"id\")::numeric - min(\"id\") + 1) * 1 / 2))::bigint from \"public\".\"query_results\")'"
                        + " '\"public\".\"query_results\"' 0 0 2 'public.query_results'")
                .contains("where r.\"id\" >= (select (min(\"id\") + floor((max(\"id\")::numeric - min(\"id\") + 1) * 1 / 2))::bigint")
                .contains("copy_table '\"public\".\"events\"' 1 'public.events'");
        assertThat(ParallelCopy.items(new SourceInventory(List.of(new TableSize(new TableName("public", "tiny"), mb, "id")),
                List.of()), 2)).as("below the minimum: one pipe").hasSize(1);
    }

    @Test
    void directoryDumpsInParallelIntoTheWorkDirectory() {
        Pipeline p = DataMove.pipeline(SOURCE, TARGET, INVENTORY,
                MoveOptions.defaults("/var/tmp/ferry-x/").with(MoveMethod.DIRECTORY).withJobs(4).withTools(ClientTools.in("/usr/lib/postgresql/16/bin")));
        assertThat(p.display()).contains("'/usr/lib/postgresql/16/bin/pg_dump' -Fd -j 4 -Z0 --no-sync -f \"$W/dump\"")
                .contains("'/usr/lib/postgresql/16/bin/pg_restore' -j 4");
        assertThat(p.passFile().path()).isEqualTo("/var/tmp/ferry-x/pgpass");
    }

    @Test
    void theDefaultDirectoryMethodIsUsedOnlyWhenTheHostHasRoomForTheDump() {
        assertThat(MoveOptions.defaults("/tmp/ferry-move").method()).isEqualTo(MoveMethod.DIRECTORY);
        assertThat(DataMove.workDiskBytes(INVENTORY, MoveMethod.DIRECTORY)).isEqualTo(1950);
        assertThat(DataMove.fits(1300, MoveMethod.DIRECTORY, DataMove.DISK_HEADROOM_BYTES + 1950)).isTrue();
        assertThat(DataMove.fits(1300, MoveMethod.DIRECTORY, DataMove.DISK_HEADROOM_BYTES + 1949)).isFalse();
    }

    @Test
    void refusesAWorkDirectoryItCouldNotSafelyDelete() {
        assertThatThrownBy(() -> MoveOptions.defaults("/home/ubuntu")).hasMessageContaining("'ferry'");
        assertThatThrownBy(() -> MoveOptions.defaults("tmp/ferry")).hasMessageContaining("absolute");
        assertThat(MoveMethod.parse(" Copy ")).isEqualTo(MoveMethod.COPY);
        assertThatThrownBy(() -> MoveMethod.parse("logical")).hasMessage("unknown move method 'logical'; one of stream, directory, copy, replicate");
    }

    @Test
    void libpqStringsQuoteAndEscapeAndHaveNoPassword() {
        ConnectionSpec odd = new ConnectionSpec("h", 5433, "my db", "o'neil", "a:b\\c");
        assertThat(Libpq.conninfo(odd)).isEqualTo("host=h port=5433 dbname='my db' user='o\\'neil' connect_timeout=20 application_name=ferry");
        assertThat(Libpq.pgpassLine(odd)).isEqualTo("h:5433:my db:o'neil:a\\:b\\\\c\n");
        assertThat(Libpq.uri(odd)).isEqualTo("postgresql://o%27neil@h:5433/my%20db?application_name=ferry");
        assertThat(Libpq.pgpassLine(SOURCE)).isEmpty();
    }

    @Test
    void theWorkDirectoryIsANewPrivateOneAndWhatTheScriptWritesIsTheUsersOnly() {
        assertThat(DataMove.workDirectoryCommand("/tmp/ferry-redash-move")).isEqualTo("umask 077 && find '/tmp' -maxdepth 1"
                + " -type d -name 'ferry-redash-move.*' -user \"$(id -u)\" -exec rm -rf -- {} + && mktemp -d"
                + " '/tmp/ferry-redash-move.XXXXXXXXXX'");
        assertThat(DataMove.createdWorkDirectory("/tmp/ferry-redash-move", "/tmp/ferry-redash-move.Ab3dE6gH9k\n"))
                .isEqualTo("/tmp/ferry-redash-move.Ab3dE6gH9k");
        assertThatThrownBy(() -> DataMove.createdWorkDirectory("/tmp/ferry-redash-move", "/tmp/ferry-redash-move"))
                .hasMessage("mktemp on the host printed \"/tmp/ferry-redash-move\", not a new directory named"
                        + " /tmp/ferry-redash-move.XXXXXXXXXX; check that mktemp -d works there");
        Pipeline p = DataMove.pipeline(SOURCE, TARGET, INVENTORY, MoveOptions.defaults("/tmp/ferry-redash-move.Ab3dE6gH9k")
                .with(MoveMethod.DIRECTORY).withTools(ClientTools.docker("postgres:16-alpine")));
        assertThat(p.command()).startsWith("umask 077\nexec 2>&1\nW='/tmp/ferry-redash-move.Ab3dE6gH9k'\n");
        assertThat(p.passFile().path()).isEqualTo("/tmp/ferry-redash-move.Ab3dE6gH9k/pgpass");
        assertThat(ClientTools.docker("postgres:16-alpine").pgDump()).isEqualTo("docker run --rm -i --network host"
                + " --user \"$(id -u):$(id -g)\" -e PGPASSFILE -v \"$W:$W\" 'postgres:16-alpine' pg_dump");
        assertThat(p.command()).contains("docker run --rm -i --network host --user \"$(id -u):$(id -g)\" -e PGPASSFILE"
                + " -v \"$W:$W\" 'postgres:16-alpine' pg_dump -Fd");
    }
}
