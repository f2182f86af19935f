package dev.ferry.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.plan.LoadedPlan;
import dev.ferry.plan.PlanLoader;
import dev.ferry.plan.SourceHost;
import dev.ferry.sandbox.aws.SandboxWorld;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SandboxPlanTest {

    @Test
    void theFullSandboxPlanIsAValidPlan() {
        SandboxWorld world = SandboxWorld.defaults();
        String yaml = SandboxPlan.named("sandbox")
                .source(new SourceHost("127.0.0.1", "ferry", 2222, "/tmp/id", "/tmp/known_hosts", null))
                .redashCompose(Path.of("/tmp/sbx/opt/redash"))
                .target(world, "sandbox", 16)
                .edge(world, 2)
                .steps("""
                          - id: upgrade-local-postgres
                            options: {targetMajor: 15}
                          - id: provision
                          - id: move-database
                          - id: repoint-redis
                          - id: start-fargate-workers
                          - id: handoff-scheduler
                          - id: verify-temporary-domain
                          - id: cutover-server
                        """)
                .yaml();
        LoadedPlan loaded = new PlanLoader().load(yaml, Path.of("sandbox.yaml"));
        assertThat(loaded.plan().target().ecs().services()).hasSize(5);
        assertThat(loaded.plan().edge().listenerArn()).isEqualTo(world.listenerArn());
        assertThat(loaded.plan().steps()).hasSize(8);
    }
}
