package dev.ferry.database;

import dev.ferry.step.SourceInventory;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.step.DatabasePorts.ConnectionSpec;
import dev.ferry.database.LocalExecution.Outcome;
import dev.ferry.database.LocalExecution.Running;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A move whose restore or source side dies mid-way must end non-zero and fail verification, never look like success. */
class KilledMoveTest {
    private static ConnectionSpec source;
    private final PostgresSnapshots snapshots = new PostgresSnapshots();

    @BeforeAll
    static void bigSource() {
        source = TestServers.sourceDatabase(15);
        TestServers.execute(source, "create table big (id bigserial primary key, body text not null)",
                "insert into big (body) select repeat(md5(g::text), 4) from generate_series(1, 150000) g",
                "create table after_big (id int primary key)", "insert into after_big select generate_series(1, 10)");
    }

    @Test
    void killingPgRestoreMidStreamFailsTheMove() {
        Outcome outcome = runAndKill(MoveMethod.STREAM, 2, "pg_restore: processing data for table \"public.big\"",
                (exe, cmd) -> exe.endsWith("/pg_restore"));
        assertFailedAndIncomplete(outcome);
    }

    @Test
    void killingTheSourceSideOfATableCopyFailsTheMoveInsteadOfCommittingAShortTable() {
        Outcome outcome = runAndKill(MoveMethod.COPY, 1, "ferry: copying table public.big",
                (exe, cmd) -> exe.endsWith("/psql") && cmd.contains("TO STDOUT"));
        assertFailedAndIncomplete(outcome);
        assertThat(outcome.tail()).anyMatch(line -> line.startsWith("ferry: failed: table copy"));
    }

    @Test
    void killingTheSourceSideOfOneKeyRangeFailsTheMove() {
        Outcome outcome = runAndKill(MoveMethod.COPY, 2, "ferry: copying part 2 of 2 of table public.big",
                (exe, cmd) -> exe.endsWith("/psql") && cmd.contains("TO STDOUT") && cmd.contains(">="));
        assertFailedAndIncomplete(outcome);
        assertThat(outcome.tail()).anyMatch(line -> line.startsWith("ferry: failed: table copy"))
                .noneMatch(line -> line.equals("ferry: copied table public.big"));
    }

    @Test
    void killingTheWholePipelineFailsTheMove() {
        ConnectionSpec target = TestServers.targetDatabase();
        SourceInventory inventory = snapshots.inventory(source);
        Pipeline pipeline = DataMove.pipeline(source, target, inventory,
                MoveOptions.defaults(TestServers.workDirectory("whole").toString()).with(MoveMethod.DIRECTORY));
        AtomicBoolean killed = new AtomicBoolean();
        Running[] running = new Running[1];
        running[0] = LocalExecution.start(pipeline, line -> {
            if (line.contains("processing data for table") && killed.compareAndSet(false, true)) {
                running[0].kill();
            }
        });
        Outcome outcome = running[0].await();
        assertThat(killed).isTrue();
        assertThat(outcome.ok()).isFalse();
    }

    private Outcome runAndKill(MoveMethod method, int jobs, String trigger, BiPredicate<String, String> victim) {
        ConnectionSpec target = TestServers.targetDatabase();
        SourceInventory inventory = snapshots.inventory(source);
        Pipeline pipeline = DataMove.pipeline(source, target, inventory,
                MoveOptions.defaults(TestServers.workDirectory("kill").toString()).with(method).withJobs(jobs));
        CompletableFuture<Boolean> killed = new CompletableFuture<>();
        Running[] running = new Running[1];
        running[0] = LocalExecution.start(pipeline, line -> {
            if (line.equals(trigger) && !killed.isDone()) {
                killed.complete(kill(running[0], victim));
            }
        });
        Outcome outcome = running[0].await();
        assertThat(killed.getNow(false)).as("a matching process was killed mid-way").isTrue();
        assertThat(SnapshotComparison.compare(snapshots.snapshot(source), snapshots.snapshot(target))).isNotEmpty();
        return outcome;
    }

    private static boolean kill(Running running, BiPredicate<String, String> victim) {
        for (int attempt = 0; attempt < 400; attempt++) {
            Optional<ProcessHandle> process = running.handle().descendants()
                    .filter(p -> victim.test(p.info().command().orElse(""), p.info().commandLine().orElse(""))).findFirst();
            if (process.isPresent()) {
                return process.get().destroyForcibly();
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static void assertFailedAndIncomplete(Outcome outcome) {
        assertThat(outcome.ok()).as(String.join("\n", outcome.tail())).isFalse();
        assertThat(outcome.tail()).noneMatch(line -> line.equals("ferry: done"));
    }
}
