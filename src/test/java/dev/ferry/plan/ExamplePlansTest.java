package dev.ferry.plan;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ExamplePlansTest {

    @Test
    void redashPlanLoadsWithDefaultsAndAnchorsResolved() {
        LoadedPlan loaded = new PlanLoader(Map.of()).load(Path.of("plans/redash.yaml"));
        Plan plan = loaded.plan();

        assertThat(plan.name()).isEqualTo("redash-prod");
        assertThat(plan.source().host()).isEqualTo("redash-ec2.internal.example.com");
        assertThat(plan.compose().servicesWith(ServiceRole.WORKER))
                .containsExactly("worker", "adhoc_worker", "scheduled_worker");
        assertThat(plan.steps()).extracting(StepSpec::id).containsExactlyElementsOf(StepIds.ALL);
        EcsService worker = plan.target().ecs().service("adhoc_worker").orElseThrow();
        assertThat(worker.env()).containsEntry("QUEUES", "queries").containsEntry("PYTHONUNBUFFERED", "0");
        assertThat(worker.secrets()).containsEntry("REDASH_SECRET_KEY", "REDASH_SECRET_KEY");
        assertThat(plan.target().ecs().service("scheduler").orElseThrow().singleton()).isTrue();
        assertThat(plan.step(StepIds.UPGRADE_LOCAL_POSTGRES).orElseThrow().options())
                .containsEntry("image", "pgautoupgrade/pgautoupgrade:16-alpine")
                .containsEntry("copyDataDir", true);
        assertThat(plan.step(StepIds.REPOINT_REDIS).orElseThrow().options())
                .containsEntry("drainTimeout", Duration.ofMinutes(10))
                .containsEntry("queues", List.of("queries", "scheduled_queries", "schemas", "periodic", "emails",
                        "default"));
        assertThat(plan.step(StepIds.MOVE_DATABASE).orElseThrow().options()).containsEntry("jobs", 2);
        assertThat(loaded.digest()).matches("[0-9a-f]{64}");
    }
}
