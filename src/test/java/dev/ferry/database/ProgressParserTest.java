package dev.ferry.database;

import dev.ferry.step.TableName;
import dev.ferry.step.SourceInventory;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.step.SourceInventory.TableSize;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressParserTest {
    private final SourceInventory inventory = new SourceInventory(List.of(
            new TableSize(new TableName("public", "query_results"), 600),
            new TableSize(new TableName("public", "events"), 300),
            new TableSize(new TableName("public", "users"), 100)), List.of());

    @Test
    void serialRestoreFinishesATableWhenTheNextOneStarts() {
        ProgressParser parser = new ProgressParser(inventory);
        parser.accept("ferry: phase data");
        parser.accept("pg_restore: creating TABLE \"public.events\"");
        parser.accept("pg_restore: processing data for table \"public.query_results\"");
        assertThat(parser.current().tablesDone()).isZero();
        parser.accept("pg_restore: processing data for table \"public.events\"");
        assertThat(parser.current()).extracting(p -> p.tablesDone(), p -> p.bytesDone(), p -> p.percent(), p -> p.phase())
                .containsExactly(1, 600L, 60, "data");
        parser.accept("pg_restore: processing data for table \"public.users\"");
        parser.accept("pg_restore: executing SEQUENCE SET events_id_seq");
        assertThat(parser.current().tablesDone()).isEqualTo(3);
        assertThat(parser.current().finished()).isFalse();
        parser.accept("ferry: done");
        assertThat(parser.current().finished()).isTrue();
        assertThat(parser.current().toString()).isEqualTo("done: 3/3 tables, 0/0 MB (100%)");
    }

    @Test
    void parallelRestoreFinishesTablesByTheirFinishedItemLines() {
        ProgressParser parser = new ProgressParser(inventory);
        parser.accept("pg_restore: entering main parallel loop");
        parser.accept("pg_restore: processing data for table \"public.events\"");
        parser.accept("pg_restore: processing data for table \"public.users\"");
        parser.accept("pg_restore: finished item 2920 TABLE DATA users");
        assertThat(parser.current().tablesDone()).isEqualTo(1);
        assertThat(parser.current().bytesDone()).isEqualTo(100);
        parser.accept("pg_restore: creating INDEX \"public.ix_events\"");
        assertThat(parser.current().tablesDone()).isEqualTo(1);
        parser.accept("pg_restore: finished item 2921 TABLE DATA events");
        assertThat(parser.current().bytesDone()).isEqualTo(400);
    }

    @Test
    void copyMarkersAndFailuresAreReported() {
        List<ProgressParser.Progress> seen = new java.util.ArrayList<>();
        ProgressParser parser = new ProgressParser(inventory, seen::add);
        parser.accept("ferry: copying table public.query_results");
        parser.accept("ferry: copied table public.query_results");
        parser.accept("psql: error: connection to server at \"10.0.0.5\", port 5432 failed: timeout expired");
        assertThat(parser.current().failure()).startsWith("psql: error: connection");
        parser.accept("ferry: failed: table copy");
        assertThat(parser.current().tablesDone()).isEqualTo(1);
        assertThat(parser.current().failure())
                .isEqualTo("table copy: psql: error: connection to server at \"10.0.0.5\", port 5432 failed: timeout expired");
        assertThat(seen).hasSize(3);
    }
}
