package dev.ferry.database;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.bench.RedashLikeDatabase.Scale;
import dev.ferry.step.DatabasePorts.ConnectionSpec;
import dev.ferry.step.DatabasePorts.Snapshot;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotComparisonTest {

    private static Snapshot snapshot(Map<String, Long> rows, Map<String, String> sums, Map<String, Long> sequences) {
        return new Snapshot("15.14", rows, sequences, sums);
    }

    @Test
    void equalSnapshotsHaveNoDifferencesWhateverTheServerVersions() {
        Snapshot a = new Snapshot("12.22", Map.of("public.t", 3L), Map.of("public.s", 9L), Map.of("public.t", "full:ab"), Map.of("public.s", true));
        Snapshot b = new Snapshot("16.10", Map.of("public.t", 3L), Map.of("public.s", 9L), Map.of("public.t", "full:ab"), Map.of("public.s", true));
        assertThat(SnapshotComparison.compare(a, b)).isEmpty();
    }

    @Test
    void namesEveryDifferenceWithBothSides() {
        Snapshot source = snapshot(Map.of("public.events", 120034L, "public.users", 5L, "public.gone", 1L, "public.widgets", 7L),
                Map.of("public.users", "full:aaaaaaaaaaaa", "public.widgets", "full:1", "public.events", "full:x"),
                Map.of("public.events_id_seq", 120034L, "public.lost_seq", 1L));
        Snapshot target = snapshot(Map.of("public.events", 120031L, "public.users", 5L, "public.extra", 0L, "public.widgets", 7L),
                Map.of("public.users", "full:bbbbbbbbbbbb", "public.widgets", "sample 1/10 of 1000-key ranges:1", "public.events", "full:y"),
                Map.of("public.events_id_seq", 120031L));

        assertThat(SnapshotComparison.compare(source, target)).containsExactly(
                "table public.events: 120034 rows on the source, 120031 on the target",
                "table public.extra: missing on the source, present on the target",
                "table public.gone: present on the source, missing on the target",
                "table public.users: same row count (5) but different contents (checksum aaaaaaaa on the source, bbbbbbbb on the target)",
                "table public.widgets: checksums not comparable (full on the source, sample 1/10 of 1000-key ranges on the target);"
                        + " take both snapshots with the same options",
                "sequence public.events_id_seq: last value 120034 on the source, 120031 on the target",
                "sequence public.lost_seq: present on the source, missing on the target");
        assertThat(SnapshotComparison.changedTables(source, target))
                .containsExactly("public.events", "public.extra", "public.gone", "public.users", "public.widgets");
    }

    @Test
    void aSequenceThatWasNeverCalledDiffersFromOneThatWas() {
        Snapshot source = new Snapshot("12", Map.of(), Map.of("public.s", 1L), Map.of(), Map.of("public.s", false));
        Snapshot target = new Snapshot("16", Map.of(), Map.of("public.s", 1L), Map.of(), Map.of("public.s", true));
        assertThat(SnapshotComparison.compare(source, target))
                .containsExactly("sequence public.s: next value 1 on the source, after 1 on the target (same last value, is_called differs)");
    }

    @Test
    void aRealSnapshotSeesAnUpdateThatKeepsTheRowCountAndSamplesDeterministically() {
        ConnectionSpec db = TestServers.seededSource(15, Scale.small());
        PostgresSnapshots full = new PostgresSnapshots();
        PostgresSnapshots sampled = new PostgresSnapshots(SnapshotOptions.sampled(1000, 4, 100));
        Snapshot before = full.snapshot(db);
        Snapshot sampledBefore = sampled.snapshot(db);
        assertThat(sampled.snapshot(db)).isEqualTo(sampledBefore);
        assertThat(sampledBefore.checksums().get("public.events")).startsWith("sample 1/4 of 100-key ranges:");
        assertThat(sampledBefore.checksums().get("public.users")).startsWith("full:");

        TestServers.execute(db, "update events set action = 'edited' where id = 50", "select nextval('query_snippets_seq')");

        assertThat(SnapshotComparison.compare(before, full.snapshot(db))).containsExactly(
                "table public.events: same row count (4000) but different contents (checksum "
                        + before.checksums().get("public.events").substring(5, 13) + " on the source, "
                        + full.snapshot(db).checksums().get("public.events").substring(5, 13) + " on the target)",
                "sequence public.query_snippets_seq: next value 7 on the source, after 7 on the target (same last value, is_called differs)");
        // id 50 is in key range 0 (ids 0-99), one of the sampled ranges; id 150 (range 1) is not
        assertThat(sampled.snapshot(db).checksums()).isNotEqualTo(sampledBefore.checksums());
        Snapshot sampledNow = sampled.snapshot(db);
        TestServers.execute(db, "update events set action = 'edited' where id = 150");
        assertThat(sampled.snapshot(db).checksums()).isEqualTo(sampledNow.checksums());
        assertThat(full.isEmpty(db)).isFalse();
        assertThat(full.isEmpty(TestServers.sourceDatabase(15))).isTrue();
    }
}
