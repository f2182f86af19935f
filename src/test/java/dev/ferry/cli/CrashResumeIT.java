package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.state.Journal;
import dev.ferry.state.JournalEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a real {@code java -jar target/ferry.jar} with SIGKILL in the middle of steps, then resumes. */
class CrashResumeIT {
    @TempDir Path dir;

    @Test
    void sigkillMidStepThenResumeAppliesEveryActionExactlyOnce() throws Exception {
        Path plan = HookPlans.write(dir, 2, 3, "1.0");
        int kills = 0;
        // each process is killed mid-action once it started 1, 2 and 2 actions (a killed action starts again on
        // resume): in s1a1, s1a2 and s2a1 when the kills land at once; counted from each launch, so a kill that lands
        // an action late under load still leaves actions for the next process
        for (int fresh : new int[] {1, 2, 2}) {
            int before = actionStarts();
            Process run = ferry(plan, kills == 0 ? "run" : "resume");
            awaitActionStarts(before + fresh, run);
            run.destroyForcibly();
            run.waitFor(10, TimeUnit.SECONDS);
            kills++;
        }
        Process last = ferry(plan, "resume");
        assertThat(last.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(last.exitValue()).as(new String(last.getErrorStream().readAllBytes())).isZero();
        assertThat(kills).isEqualTo(3);
        assertThat(Files.readAllLines(dir.resolve("out.txt")))
                .containsExactly("s1a1", "s1a2", "s1a3", "s2a1", "s2a2", "s2a3");
        List<JournalEntry> journal = new Journal(dir.resolve(".ferry/redash-prod")).read();
        assertThat(journal.stream().filter(e -> JournalEntry.ACTION_FINISHED.equals(e.event()))).hasSize(6);
        assertThat(Files.readString(dir.resolve(".ferry/redash-prod/lock"))).isEmpty();
    }

    private Process ferry(Path plan, String command) throws IOException {
        String jar = System.getProperty("ferry.jar", "target/ferry.jar");
        return new ProcessBuilder(List.of("java", "-jar", jar, command, plan.toString(), "--yes"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.PIPE).start();
    }

    private int actionStarts() throws IOException {
        if (!Files.exists(dir.resolve(".ferry/redash-prod"))) {
            return 0;
        }
        return (int) new Journal(dir.resolve(".ferry/redash-prod")).read().stream()
                .filter(e -> JournalEntry.ACTION_STARTED.equals(e.event())).count();
    }

    /** Waits until the journal holds {@code count} action starts in total (kills land mid-action, after the start). */
    private void awaitActionStarts(int count, Process run) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (actionStarts() >= count) {
                Thread.sleep(150);
                return;
            }
            if (!run.isAlive()) {
                throw new AssertionError("ferry ended (exit " + run.exitValue() + ") before it started action " + count
                        + "; it said:\n" + new String(run.getErrorStream().readAllBytes()));
            }
            Thread.sleep(20);
        }
        run.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError("ferry did not start action " + count + " within 60 s; it said:\n"
                + new String(run.getErrorStream().readAllBytes()));
    }
}
