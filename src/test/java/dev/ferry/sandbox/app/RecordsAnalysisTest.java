package dev.ferry.sandbox.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.state.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordsAnalysisTest {
    static final Instant T0 = Instant.parse("2026-11-22T02:00:00Z");
    final List<JsonNode> lines = new ArrayList<>();

    void line(double seconds, String kind, String identity, String job) {
        var node = Json.mapper().createObjectNode();
        node.put("t", T0.plusMillis((long) (seconds * 1000)).toString());
        node.put("kind", kind);
        node.put("identity", identity);
        if (job != null) {
            node.put("job", job);
        }
        lines.add(node);
    }

    @Test
    void aCleanHandoffHasNoOverlap() {
        for (int i = 0; i < 5; i++) {
            line(i, "tick", "ec2", null);
        }
        for (int i = 6; i < 10; i++) {
            line(i, "tick", "fargate", null);
        }
        RecordsAnalysis a = RecordsAnalysis.of(lines, Duration.ofSeconds(1));
        assertThat(a.schedulerOverlap()).isZero();
        assertThat(a.schedulers()).isEqualTo(2);
        assertThat(a.ticks()).isEqualTo(9);
    }

    @Test
    void twoSchedulersTickingTogetherAreMeasured() {
        for (int i = 0; i < 6; i++) {
            line(i, "tick", "ec2", null);
        }
        for (int i = 3; i < 9; i++) {
            line(i + 0.5, "tick", "fargate", null);
        }
        RecordsAnalysis a = RecordsAnalysis.of(lines, Duration.ofSeconds(1));
        // ec2 active [0,6), fargate active [3.5,9): together for 2.5 s
        assertThat(a.schedulerOverlap()).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void jobsEnqueuedButNeverCompletedAreLost() {
        line(0, "enqueued", "s", "j1");
        line(0, "enqueued", "s", "j2");
        line(1, "completed", "w", "j1");
        line(1, "completed", "w", "j1");
        RecordsAnalysis a = RecordsAnalysis.of(lines, Duration.ofSeconds(1));
        assertThat(a.lostJobs()).containsExactly("j2");
        assertThat(a.enqueued()).isEqualTo(2);
        assertThat(a.completed()).isEqualTo(1);
    }
}
