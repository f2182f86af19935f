package dev.ferry.pictures;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.plan.Plan;
import dev.ferry.plan.PlanLoader;
import dev.ferry.plan.StepIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The checked-in runbooks/ pages carry the topology of the flagship plan exactly as the generator draws it, so they
 * cannot drift. {@code -Dferry.rewriteRunbooks=true} rewrites the pages' generated section instead of checking it.
 */
class RunbookPagesTest {
    static final Path FLAGSHIP = Path.of("plans", "redash.yaml");
    static final String HEADING = "## Topology";

    static Plan flagship() {
        return new PlanLoader(Map.of()).load(FLAGSHIP).plan();
    }

    @Test
    void everyStepPageCarriesTheGeneratedTopologyOfTheFlagshipPlan() throws IOException {
        Plan plan = flagship();
        boolean rewrite = Boolean.getBoolean("ferry.rewriteRunbooks");
        for (String id : StepIds.ALL) {
            Path page = Path.of("runbooks", id + ".md");
            String text = Files.readString(page);
            String section = TopologySection.markdown(plan, id, HEADING);
            if (rewrite) {
                Files.writeString(page, withSection(text, section));
                continue;
            }
            assertThat(text).as(page + " (regenerate: mvn -B -q test -Dtest=RunbookPagesTest"
                    + " -Dferry.rewriteRunbooks=true)").contains(section);
            assertThat(text.indexOf(TopologySection.BEGIN)).as(page + ": one generated section")
                    .isEqualTo(text.lastIndexOf(TopologySection.BEGIN));
        }
    }

    /** Replaces the generated section, or puts it before the page's first second-level heading. */
    static String withSection(String page, String section) {
        int begin = page.indexOf(TopologySection.BEGIN);
        if (begin >= 0) {
            int end = page.indexOf(TopologySection.END, begin) + TopologySection.END.length() + 1;
            return page.substring(0, begin) + section + page.substring(end);
        }
        int at = page.indexOf("\n## ") + 1;
        return page.substring(0, at) + section + "\n" + page.substring(at);
    }
}
