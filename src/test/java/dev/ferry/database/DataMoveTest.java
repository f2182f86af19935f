package dev.ferry.database;

import dev.ferry.step.SourceInventory;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.step.DatabasePorts.ConnectionSpec;
import dev.ferry.step.DatabasePorts.Snapshot;
import dev.ferry.database.LocalExecution.Outcome;
import dev.ferry.database.ProgressParser.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DataMoveTest {
    private final PostgresSnapshots snapshots = new PostgresSnapshots();

    static Stream<Arguments> moves() {
        // replicate's pipeline carries the schema only; LogicalReplication carries its rows (MoveDatabaseReplicate*SandboxTest)
        return Stream.of(12, 15).flatMap(major -> Stream.of(MoveMethod.values()).filter(m -> m != MoveMethod.REPLICATE)
                .map(m -> Arguments.of(major, m)));
    }

    @ParameterizedTest(name = "{0} -> 16 by {1}")
    @MethodSource("moves")
    void movesEveryRowAndSequenceToA16Target(int sourceMajor, MoveMethod method) {
        ConnectionSpec source = TestServers.sharedSource(sourceMajor);
        ConnectionSpec target = TestServers.targetDatabase();
        SourceInventory inventory = snapshots.inventory(source);
        Path work = TestServers.workDirectory(method.id());
        Pipeline pipeline = DataMove.pipeline(source, target, inventory, MoveOptions.defaults(work.toString()).with(method));
        List<Progress> progress = new ArrayList<>();
        ProgressParser parser = new ProgressParser(inventory, progress::add);

        Outcome outcome = LocalExecution.run(pipeline, parser);

        assertThat(outcome.ok()).as(String.join("\n", outcome.tail())).isTrue();
        Snapshot before = snapshots.snapshot(source);
        Snapshot after = snapshots.snapshot(target);
        assertThat(SnapshotComparison.compare(before, after)).isEmpty();
        assertThat(after.rowCounts()).hasSize(10).containsEntry("public.events", 4000L).containsEntry("public.query_results", 300L);
        assertThat(after.sequences()).containsEntry("public.events_id_seq", 4000L).containsEntry("public.query_snippets_seq", 7L);
        assertThat(after.sequencesCalled()).containsEntry("public.query_snippets_seq", false);
        assertThat(after.checksums()).isEqualTo(before.checksums());
        assertThat(after.serverVersion()).startsWith("16.");
        assertThat(parser.current().finished()).isTrue();
        assertThat(parser.current().tablesDone()).isEqualTo(10);
        assertThat(progress.stream().filter(p -> !p.finished()).mapToInt(Progress::tablesDone).max().orElse(0))
                .as("tables reported done before the end").isGreaterThan(0);
        assertThat(statisticsRows(target)).as("target analyzed").isPositive();
        assertThat(Files.exists(work)).as("work directory with the password file removed").isFalse();
    }

    @ParameterizedTest(name = "{0} -> 16")
    @org.junit.jupiter.params.provider.ValueSource(ints = {12, 15})
    void theCopyMethodSplitsADominantTableIntoKeyRangesCopiedInParallel(int sourceMajor) {
        ConnectionSpec source = TestServers.sourceDatabase(sourceMajor);
        TestServers.execute(source, "create table \"Big \"\"results\"\"; x\" (id bigint primary key, data text not null)",
                "insert into \"Big \"\"results\"\"; x\" select case when g % 3 = 0 then -g else g * 7 end,"
                        + " repeat(md5(g::text), 8) || ' it''s; $(x)' from generate_series(1, 60000) g",
                "create table small (id serial primary key, note text)", "insert into small (note) values ('a'), ('b')");
        ConnectionSpec target = TestServers.targetDatabase();
        SourceInventory inventory = snapshots.inventory(source);
        assertThat(inventory.tables().get(0).splitKey()).isEqualTo("id");
        Path work = TestServers.workDirectory("split");
        List<String> lines = new ArrayList<>();
        ProgressParser parser = new ProgressParser(inventory);

        Outcome outcome = LocalExecution.run(DataMove.pipeline(source, target, inventory,
                MoveOptions.defaults(work.toString()).with(MoveMethod.COPY).withJobs(2)), line -> {
                    lines.add(line);
                    parser.accept(line);
                });

        assertThat(outcome.ok()).as(String.join("\n", outcome.tail())).isTrue();
        assertThat(lines).contains("ferry: copying part 1 of 2 of table public.Big \"results\"; x",
                "ferry: copying part 2 of 2 of table public.Big \"results\"; x");
        Snapshot before = snapshots.snapshot(source);
        Snapshot after = snapshots.snapshot(target);
        assertThat(SnapshotComparison.compare(before, after)).isEmpty();
        assertThat(after.rowCounts()).containsEntry("public.Big \"results\"; x", 60000L);
        assertThat(parser.current().tablesDone()).isEqualTo(2);
    }

    private static long statisticsRows(ConnectionSpec target) {
        try (var c = Jdbc.open(target); var rs = c.createStatement().executeQuery("select count(*) from pg_stats where tablename = 'events'")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
