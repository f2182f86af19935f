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
        Path plan = HookPlans.write(dir, 2, 3, "0.4");
        int kills = 0;
        // cumulative action starts (a killed action starts again on resume): kills in s1a1, s1a3 and s2a3
        for (int target : new int[] {1, 4, 8}) {
            Process run = ferry(plan, kills == 0 ? "run" : "resume");
            awaitActionStarts(target);
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

    /** Waits until the journal holds {@code count} action starts in total (kills land mid-action, after the start). */
    private void awaitActionStarts(int count) throws Exception {
        Journal journal = new Journal(dir.resolve(".ferry/redash-prod"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            List<JournalEntry> entries = journal.read();
            if (entries.stream().filter(e -> JournalEntry.ACTION_STARTED.equals(e.event())).count() >= count) {
                Thread.sleep(150);
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("ferry did not start action " + count + " within 60 s");
    }
}
