package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.state.Journal;
import dev.ferry.testing.FerryCli.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flagship plan against a host ferry cannot reach: the first action is a read-only check, so the failure changed
 * nothing. It must say so, restart nothing, leave nothing to roll back, and let the operator resume once the host is
 * reachable: never an outage made by ferry's own recovery or rollback, never a dead end.
 */
class UnreachableHostTest {
    @TempDir Path state;

    @Test
    void aFailedFirstCheckChangesNothingNeedsNoRollbackAndResumesLater() throws Exception {
        Result run = CliTest.ferry("run", "plans/redash.yaml", "--yes", "--state-dir", state.toString());
        assertThat(run.code()).as(run.err()).isIn(1, 7);
        assertThat(run.err()).contains("step upgrade-local-postgres failed at action check-postgres")
                .contains("nothing was changed (only checks ran), so there is nothing to roll back")
                .doesNotContain("recovered").doesNotContain("ferry rollback");
        assertThat(new Journal(state).read()).as("no recovery ran").noneMatch(e -> "recover".equals(e.phase()));

        Result rollback = CliTest.ferry("rollback", "plans/redash.yaml", "--last", "--yes", "--state-dir",
                state.toString());
        assertThat(rollback.code()).as(rollback.err()).isEqualTo(2);
        assertThat(rollback.err()).contains("nothing to roll back: step upgrade-local-postgres stopped before it"
                + " changed anything").contains("`ferry resume PLAN`");
        assertThat(new Journal(state).read()).as("the refused rollback ran nothing")
                .noneMatch(e -> "rollback".equals(e.phase()));

        Result resume = CliTest.ferry("resume", "plans/redash.yaml", "--yes", "--state-dir", state.toString());
        assertThat(resume.code()).as("resume is a way forward, not a state conflict: " + resume.err()).isIn(1, 7);
        assertThat(resume.err()).contains("failed at action check-postgres");
    }
}
