package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.state.MemoryStateBackend;
import dev.ferry.state.RunState;
import dev.ferry.state.StateBackend;
import dev.ferry.state.StateBackends;
import dev.ferry.state.StateStore;
import dev.ferry.testing.FerryCli.Result;
import dev.ferry.wiring.Wiring;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry state push|pull} over in-memory backends: what reaches the backends, the prompt, the exit codes. The
 * copy itself is {@code StateTransferTest}'s; argument errors are in {@link BadFlagsTest}.
 */
class StateCommandTest {
    private static final String S3 = "state: {backend: s3, bucket: team-state, key: redash/state.json}\n";

    @TempDir Path dir;

    private final MemoryStateBackend local = new MemoryStateBackend("local");
    private final MemoryStateBackend remote = new MemoryStateBackend("s3://team-state/redash/state.json");
    private final List<String> opened = new ArrayList<>();
    private final StateBackends backends = new StateBackends() {
        @Override
        public StateBackend local(Path directory) {
            opened.add("local " + directory);
            return local;
        }

        @Override
        public StateBackend remote(String bucket, String key, String region) {
            opened.add("remote " + bucket + " " + key + " " + region);
            return remote;
        }
    };

    @Test
    void helpListsPushAndPull() {
        Result r = CliTest.ferry("state", "--help");

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("push", "pull", "S3");
        assertThat(CliTest.ferry("state", "push", "--help").out().replaceAll("\\s+", " ")).contains("--force",
                "--yes", "--state-dir", "another lineage is always refused");
        assertThat(CliTest.ferry("--help").out()).contains("state");
    }

    @Test
    void withoutASubcommandItIsAnInputError() {
        Result r = CliTest.ferry("state");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("a subcommand is required: push or pull", "ferry state --help");
    }

    @Test
    void pushOpensThePlansTwoPlacesAndCopies() throws Exception {
        Path plan = plan();
        local.writeState(document(), Optional.empty());

        Result r = ferry("", false, "state", "push", plan.toString(), "--yes", "--state-dir", dir.resolve("st")
                .toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(opened).containsExactly("local " + dir.resolve("st"), "remote team-state redash/state.json"
                + " eu-west-1");
        assertThat(remote.readState().orElseThrow().content()).isEqualTo(local.readState().orElseThrow().content());
        assertThat(r.out()).startsWith("redash-prod: copied state serial 1 (lineage ").contains(" from local to"
                + " s3://team-state/redash/state.json, 0 new journal lines, 0 side files");
    }

    @Test
    void aDeclinedPromptExitsWith130AndACopyTheUserAcceptsIsMade() throws Exception {
        Path plan = plan();
        local.writeState(document(), Optional.empty());

        Result declined = ferry("n\n", true, "state", "push", plan.toString());

        assertThat(declined.code()).isEqualTo(130);
        assertThat(declined.err()).contains("push state serial 1 (lineage ", " from local to"
                + " s3://team-state/redash/state.json? [y/N]", "nothing was copied");
        assertThat(remote.writes()).isZero();
        assertThat(ferry("y\n", true, "state", "push", plan.toString()).code()).isZero();
        assertThat(remote.writes()).isEqualTo(1);
    }

    @Test
    void aLineageConflictExitsWith4EvenWithForce() throws Exception {
        Path plan = plan();
        local.writeState(document(), Optional.empty());
        remote.writeState(document(), Optional.empty());

        Result conflict = ferry("", false, "state", "pull", plan.toString(), "--yes", "--force");

        assertThat(conflict.code()).isEqualTo(4);
        assertThat(conflict.err()).contains("lineage", " here (local), ", " there (s3://team-state/redash/state.json)");
        assertThat(local.writes()).isEqualTo(1);
    }

    @Test
    void aPlanWithLocalStateHasNothingToPush() throws Exception {
        Result r = ferry("", false, "state", "push", HookPlans.write(dir, 1, 1, "0").toString(), "--yes");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("keeps its state locally");
        assertThat(opened).isEmpty();
    }

    private Path plan() throws Exception {
        Path plan = HookPlans.write(dir, 1, 1, "0");
        Files.writeString(plan, Files.readString(plan).replace("\nsteps:\n", "\n" + S3 + "steps:\n"));
        return plan;
    }

    private byte[] document() throws Exception {
        Path directory = Files.createTempDirectory(dir, "state");
        StateStore store = new StateStore(directory, Clock.systemUTC());
        store.save(RunState.fresh("redash-prod", "digest"));
        return Files.readAllBytes(directory.resolve(StateStore.FILE));
    }

    private Result ferry(String input, boolean terminal, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Ferry.run(Wiring.real().withStateBackends(backends), new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                terminal, args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
