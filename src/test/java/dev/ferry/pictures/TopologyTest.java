package dev.ferry.pictures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.plan.Plan;
import dev.ferry.plan.PlanLoader;
import dev.ferry.plan.StepIds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The topology follows the steps (what runs where, where connections point) and keeps any service name safe. */
class TopologyTest {
    private static final Pattern NODE = Pattern.compile("^\\s*([^\\s\\[(]+)[\\[(]", Pattern.MULTILINE);

    @TempDir
    Path dir;

    static Set<String> through(String step) {
        return Set.copyOf(StepIds.ALL.subList(0, StepIds.ALL.indexOf(step) + 1));
    }

    @Test
    void connectionsAndPiecesMoveStepByStep() {
        Plan plan = RunbookPagesTest.flagship();
        String start = Topology.mermaid(plan, Set.of());
        assertThat(start).startsWith("flowchart LR\n").doesNotContain("subgraph aws")
                .contains("ec2_app -->|\"database\"| c6_postgres").contains("ec2_app -->|\"redis\"| c7_redis")
                .contains("dns --> ec2");
        assertThat(Topology.mermaid(plan, through(StepIds.UPGRADE_LOCAL_POSTGRES))).contains("(\"postgres (PostgreSQL 16)\")");
        assertThat(Topology.mermaid(plan, through(StepIds.PROVISION)))
                .contains("e1_server[\"redash-prod-server: 0 tasks\"]:::stopped").contains("rds[(");
        String moved = Topology.mermaid(plan, through(StepIds.MOVE_DATABASE));
        assertThat(moved).contains("ec2_app -->|\"database\"| rds").doesNotContain("c6_postgres");
        assertThat(Topology.mermaid(plan, through(StepIds.START_FARGATE_WORKERS)))
                .contains("c3_worker[\"worker (stopped)\"]:::stopped").contains("\"redash-prod-adhoc-worker: 2 tasks\"")
                .contains("ecs -->|\"redis\"| cache");
        String verified = Topology.mermaid(plan, through(StepIds.VERIFY_TEMPORARY_DOMAIN));
        assertThat(verified).contains("dns --> ec2").contains("dns_temporary --> alb").contains("alb --> e1_server");
        String cut = Topology.mermaid(plan, through(StepIds.CUTOVER_SERVER));
        assertThat(cut).contains("dns --> alb").contains("c1_server[\"server (stopped)\"]:::stopped");
        String gone = Topology.mermaid(plan, through(StepIds.DECOMMISSION));
        assertThat(gone).doesNotContain("c1_server").doesNotContain("ec2_app").contains("c8_nginx[\"nginx (kept)\"]");
    }

    @Test
    void nodeIdsAreSafeAndLabelsQuotedWhateverTheNames() throws Exception {
        Plan plan = oddlyNamed(dir);
        for (int i = 0; i <= StepIds.ALL.size(); i++) {
            String text = Topology.mermaid(plan, Set.copyOf(StepIds.ALL.subList(0, i)));
            Matcher m = NODE.matcher(text);
            while (m.find()) {
                String id = m.group(1);
                if (!List.of("subgraph", "end", "classDef", "flowchart").contains(id)) {
                    assertThat(id).as(text).matches("[A-Za-z0-9_]+");
                }
            }
            assertThat(text).doesNotContain("[adhoc.worker-2");
            if (i < StepIds.ALL.size()) {
                assertThat(text).contains("c4_adhoc_worker_2[\"adhoc.worker-2").contains("c5_end[\"end");
            }
        }
        assertThat(Topology.label("a \"b\" <c> #d")).isEqualTo("\"a #quot;b#quot; #lt;c#gt; #35;d\"");
    }

    /** The flagship plan with compose and ECS services named with '.', '-' and Mermaid's keyword "end". */
    static Plan oddlyNamed(Path dir) throws Exception {
        String yaml = Files.readString(RunbookPagesTest.FLAGSHIP).replace("adhoc_worker", "adhoc.worker-2")
                .replace("scheduled_worker", "end");
        Path file = dir.resolve("odd.yaml");
        Files.writeString(file, yaml);
        Files.copy(Path.of("plans", "schema.json"), dir.resolve("schema.json"));
        return new PlanLoader(Map.of()).load(file).plan();
    }
}
