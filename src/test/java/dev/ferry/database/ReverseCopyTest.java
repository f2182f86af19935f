package dev.ferry.database;

import static org.assertj.core.api.Assertions.assertThat;
import dev.ferry.step.DatabasePorts.CopyBackResult;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.FerryException;
import dev.ferry.bench.RedashLikeDatabase.Scale;
import dev.ferry.step.DatabasePorts.ConnectionSpec;
import dev.ferry.step.DatabasePorts.Snapshot;
import dev.ferry.step.DatabasePorts.CopyBackPlan;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Rollback after the app wrote to RDS: the writes come back to the old source, or ferry refuses and names the tables. */
class ReverseCopyTest {
    private final PostgresSnapshots snapshots = new PostgresSnapshots();
    private final ReverseCopy reverse = new ReverseCopy();

    private record Moved(ConnectionSpec source, ConnectionSpec target, Snapshot afterMove) {
    }

    private Moved move(int sourceMajor) {
        ConnectionSpec source = TestServers.seededSource(sourceMajor, Scale.small());
        ConnectionSpec target = TestServers.targetDatabase();
        Pipeline pipeline = DataMove.pipeline(source, target, snapshots.inventory(source),
                MoveOptions.defaults(TestServers.workDirectory("reverse").toString()));
        assertThat(LocalExecution.run(pipeline, line -> { }).ok()).isTrue();
        Snapshot afterMove = snapshots.snapshot(target);
        assertThat(SnapshotComparison.compare(snapshots.snapshot(source), afterMove)).isEmpty();
        return new Moved(source, target, afterMove);
    }

    @ParameterizedTest(name = "16 -> {0}")
    @ValueSource(ints = {12, 15})
    void writesOnTheTargetSinceTheMoveAreCopiedBackToTheOlderSource(int sourceMajor) {
        Moved moved = move(sourceMajor);
        TestServers.execute(moved.target(),
                "insert into events (org_id, user_id, action, object_type) values (1, 1, 'login', 'user'), (1, 2, 'view', 'query')",
                "update queries set name = 'Renamed on RDS', schedule = '{\"interval\": 60}' where id = 7",
                "delete from widgets where id = 3",
                "insert into query_results (org_id, data_source_id, query_hash, query, data, runtime, retrieved_at)"
                        + " values (1, 1, md5('new'), 'select 1', '{\"rows\": []}', 0.125, now())",
                "update queries set latest_query_data_id = currval('query_results_id_seq') where id = 8");

        CopyBackPlan plan = reverse.detect(moved.afterMove(), moved.target(), moved.source());
        assertThat(plan.tables()).containsExactly("public.events", "public.queries", "public.query_results", "public.widgets");
        assertThat(plan.sequences()).containsExactly("public.events_id_seq", "public.query_results_id_seq");
        assertThat(plan.blockers()).isEmpty();

        CopyBackResult result = reverse.copyBack(plan, moved.target(), moved.source());

        assertThat(result.tables()).hasSize(4);
        assertThat(SnapshotComparison.compare(snapshots.snapshot(moved.target()), snapshots.snapshot(moved.source()))).isEmpty();
        CopyBackPlan again = reverse.detect(moved.afterMove(), moved.target(), moved.source());
        assertThat(again.blockers()).as("a rerun after a copy-back that was not recorded (ferry killed right after it)")
                .isEmpty();
        assertThat(again.tables()).as("every table is back already").isEmpty();
        TestServers.execute(moved.source(), "insert into events (org_id, action, object_type) values (1, 'after', 'rollback')");
        assertThat(snapshots.snapshot(moved.source()).sequences()).containsEntry("public.events_id_seq", 4003L);
    }

    @Test
    void noWritesMeansNothingToCopy() {
        Moved moved = move(15);
        CopyBackPlan plan = reverse.detect(moved.afterMove(), moved.target(), moved.source());
        assertThat(plan.nothingToCopy()).isTrue();
        assertThat(plan.describe()).isEqualTo("no writes on the target since the move");
        assertThat(reverse.copyBack(plan, moved.target(), moved.source()).tables()).isEmpty();
    }

    @Test
    void refusesAndNamesTheTablesWhenTheTargetsSchemaMovedOnOrTheSourceWasWrittenToo() {
        Moved moved = move(12);
        TestServers.execute(moved.target(),
                "create table query_snippets (id serial primary key, snippet text)", "insert into query_snippets (snippet) values ('x')",
                "alter table dashboards add column color text", "update dashboards set color = 'red' where id = 1",
                "insert into users (org_id, name, email, api_key) values (1, 'New', 'new@example.com', 'k-new')");
        TestServers.execute(moved.source(), "insert into users (org_id, name, email, api_key) values (1, 'Late', 'late@example.com', 'k-late')");
        Snapshot sourceBefore = snapshots.snapshot(moved.source());

        CopyBackPlan plan = reverse.detect(moved.afterMove(), moved.target(), moved.source());

        assertThat(plan.blockers()).containsExactly("table public.query_snippets exists on the target only",
                "table public.users was written on the source too since the move");
        TestServers.execute(moved.target(), "drop table query_snippets", "delete from users where email = 'new@example.com'");
        CopyBackPlan reshaped = reverse.detect(moved.afterMove(), moved.target(), moved.source());
        assertThat(reshaped.blockers()).singleElement().asString()
                .startsWith("table public.dashboards has other columns on the target (id integer, version integer,")
                .contains("color text) than on the source");
        assertThatThrownBy(() -> reverse.copyBack(plan, moved.target(), moved.source()))
                .isInstanceOf(FerryException.class)
                .hasMessageContaining("public.query_snippets").hasMessageContaining("public.users")
                .hasMessageContaining("Nothing was changed on the source");
        assertThat(SnapshotComparison.compare(sourceBefore, snapshots.snapshot(moved.source()))).isEmpty();
    }

    @Test
    void refusesASampledBaselineBecauseItWouldMissWrites() {
        Snapshot sampled = new Snapshot("16", java.util.Map.of("public.t", 1L), java.util.Map.of(),
                java.util.Map.of("public.t", "sample 1/10 of rows:ab"));
        ConnectionSpec any = TestServers.sharedSource(15);
        assertThatThrownBy(() -> reverse.detect(sampled, any, any)).isInstanceOf(FerryException.class)
                .hasMessageContaining("public.t").hasMessageContaining("needs a full snapshot");
    }
}
