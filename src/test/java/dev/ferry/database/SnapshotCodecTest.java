package dev.ferry.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.step.DatabasePorts.Snapshot;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotCodecTest {

    @Test
    void aSnapshotRoundTripsWithEverythingAComparisonReads() {
        Snapshot s = new Snapshot("16.4", Map.of("public.queries", 10L, "public.events", 5L),
                Map.of("public.queries_id_seq", 12L, "public.events_id_seq", 1L),
                Map.of("public.queries", "full:abc", "public.events", "full:def"),
                Map.of("public.queries_id_seq", true, "public.events_id_seq", false));

        Snapshot back = SnapshotCodec.decode(SnapshotCodec.encode(s));

        assertThat(back).isEqualTo(s);
        assertThat(SnapshotComparison.compare(s, back)).isEmpty();
        assertThat(SnapshotCodec.encode(s)).doesNotContain("postgresql://");
    }

    @Test
    void somethingElseIsRefused() {
        assertThatThrownBy(() -> SnapshotCodec.decode("rows:public.x=1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a stored snapshot");
    }
}
