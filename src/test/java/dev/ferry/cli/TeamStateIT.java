package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.aws.AwsSettings;
import dev.ferry.aws.S3StateBackend;
import dev.ferry.sandbox.aws.Delays;
import dev.ferry.sandbox.aws.SandboxAws;
import dev.ferry.sandbox.aws.SandboxWorld;
import dev.ferry.state.Journal;
import dev.ferry.state.JournalEntry;
import dev.ferry.state.RunState;
import dev.ferry.state.StateStore;
import dev.ferry.state.StepStatus;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A team's migration with its state in S3 (the sandbox AWS endpoint), run by separate ferry processes as two
 * operators would: two runs at once (exactly one proceeds, the other exits 3 naming the holder), a resume from a
 * second machine that has no local state, and runs SIGKILLed mid-step then resumed.
 */
class TeamStateIT {
    private static final URI NO_PROBE = URI.create("http://127.0.0.1:9/ping");
    private static SandboxAws aws;
    private static AwsSettings settings;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        aws = SandboxAws.start(SandboxWorld.defaults(), Delays.fast(), Files.createTempDirectory("ferry-team-aws-"));
        settings = AwsSettings.defaults().withRegion(aws.region().id()).withEndpoint(aws.endpoint())
                .withCredentials(aws.credentials()).withWaiterPollInterval(Duration.ofMillis(200));
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    /** A plan of hook steps, each action appending its name once to {@code world}, with its state at {@code key}. */
    private Path plan(Path folder, String key, Path world, String sleep) throws Exception {
        Files.createDirectories(folder);
        String text = Files.readString(Path.of("plans", "redash.yaml"));
        StringBuilder yaml = new StringBuilder(text.substring(0, text.indexOf("\nsteps:"))).append("\nstate:\n")
                .append("  backend: s3\n  bucket: ").append(SandboxWorld.STATE_BUCKET).append("\n  key: ")
                .append(key).append("\n  region: ").append(aws.region().id()).append("\nsteps:\n");
        for (int s = 1; s <= 3; s++) {
            yaml.append("  - id: hook-").append(s).append("\n    kind: hook\n    actions:\n");
            for (int a = 1; a <= 2; a++) {
                String line = "s" + s + "a" + a;
                yaml.append("      - name: ").append(line).append('\n')
                        .append("        check: grep -qx ").append(line).append(' ').append(world).append('\n')
                        .append("        apply: echo ").append(line).append(" >> ").append(world).append("; sleep ")
                        .append(sleep).append('\n')
                        .append("        rollback: 'true'\n");
            }
        }
        Path plan = folder.resolve("team.yaml");
        Files.writeString(plan, yaml.toString());
        return plan;
    }

    private static List<String> lines(Path world) throws Exception {
        return Files.exists(world) ? Files.readAllLines(world) : List.of();
    }

    private static final List<String> ALL = List.of("s1a1", "s1a2", "s2a1", "s2a2", "s3a1", "s3a2");

    private RunState remoteState(String key) {
        try (S3StateBackend backend = S3StateBackend.open(settings, SandboxWorld.STATE_BUCKET, key)) {
            return new StateStore(backend, Clock.systemUTC()).load().orElseThrow();
        }
    }

    @Test
    void ofTwoOperatorsRunningAtOnceExactlyOneProceedsAndTheOtherIsToldWhoHoldsTheLock() throws Exception {
        String key = "team/" + UUID.randomUUID() + "/state.json";
        Path world = dir.resolve("world.txt");
        Path planA = plan(dir.resolve("alice"), key, world, "1");
        Path planB = plan(dir.resolve("bob"), key, world, "1");
        FerryProcesses alice = FerryProcesses.start(Files.createDirectories(dir.resolve("alice-out")), settings, NO_PROBE, planA);
        FerryProcesses bob = FerryProcesses.start(Files.createDirectories(dir.resolve("bob-out")), settings, NO_PROBE, planB);
        CompletableFuture<FerryProcesses.Exit> first = CompletableFuture.supplyAsync(() -> run(alice));
        Thread.sleep(300);
        CompletableFuture<FerryProcesses.Exit> second = CompletableFuture.supplyAsync(() -> run(bob));
        List<FerryProcesses.Exit> exits = List.of(first.get(), second.get());
        assertThat(exits).extracting(FerryProcesses.Exit::code).containsExactlyInAnyOrder(0, 3);
        FerryProcesses.Exit refused = exits.stream().filter(e -> e.code() == 3).findFirst().orElseThrow();
        assertThat(refused.stderr()).contains("the plan is locked: lock ").contains(" held by pid ")
                .contains("s3://" + SandboxWorld.STATE_BUCKET + "/" + key);
        assertThat(lines(world)).isEqualTo(ALL);
        assertThat(remoteState(key).steps().values()).allMatch(r -> r.status() == StepStatus.APPLIED);
    }

    private static FerryProcesses.Exit run(FerryProcesses ferry) {
        try {
            return ferry.run("0", "run", "--yes");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aSecondMachineWithNoLocalStateResumesFromTheBucket() throws Exception {
        String key = "team/" + UUID.randomUUID() + "/state.json";
        Path world = dir.resolve("world.txt");
        Path laptop = plan(dir.resolve("laptop"), key, world, "0");
        FerryProcesses first = FerryProcesses.start(Files.createDirectories(dir.resolve("laptop-out")), settings, NO_PROBE, laptop);
        assertThat(first.run("0", "run", "--yes", "--until", "hook-1").code()).isZero();
        assertThat(lines(world)).isEqualTo(ALL.subList(0, 2));

        Path desktop = plan(dir.resolve("desktop"), key, world, "0");
        FerryProcesses second = FerryProcesses.start(Files.createDirectories(dir.resolve("desktop-out")), settings, NO_PROBE, desktop);
        FerryProcesses.Exit resumed = second.run("0", "resume", "--yes");
        assertThat(resumed.code()).as(resumed.stderr()).isZero();
        assertThat(lines(world)).isEqualTo(ALL);
        assertThat(Files.exists(dir.resolve("laptop/.ferry"))).as("no local state on the first machine").isFalse();
        assertThat(Files.exists(dir.resolve("desktop/.ferry"))).as("no local state on the second machine").isFalse();
        assertThat(remoteState(key).steps().values()).allMatch(r -> r.status() == StepStatus.APPLIED);
    }

    /** SIGKILL after action 1, 3 and 5 (each a different step), then resume: the lock left behind is this host's. */
    @Test
    void aRunKilledMidStepResumesFromTheBucket() throws Exception {
        List<String> failures = new ArrayList<>();
        for (int killAt : List.of(1, 3, 5)) {
            String key = "team/" + UUID.randomUUID() + "/state.json";
            Path world = dir.resolve("world-" + killAt + ".txt");
            Path plan = plan(dir.resolve("crash-" + killAt), key, world, "0");
            FerryProcesses ferry = FerryProcesses.start(Files.createDirectories(dir.resolve("crash-" + killAt + "-out")),
                    settings, NO_PROBE, plan);
            FerryProcesses.Exit killed = ferry.run(String.valueOf(killAt), "run", "--yes");
            assertThat(killed.code()).as("killed by SIGKILL").isEqualTo(137);
            FerryProcesses.Exit resumed = ferry.run("0", "resume", "--yes");
            if (resumed.code() != 0 || !lines(world).equals(ALL)) {
                failures.add("kill after action " + killAt + ": exit " + resumed.code() + ", world " + lines(world)
                        + "\n" + resumed.stderr());
            }
            List<JournalEntry> journal;
            try (S3StateBackend backend = S3StateBackend.open(settings, SandboxWorld.STATE_BUCKET, key)) {
                journal = new Journal(backend).read();
            }
            assertThat(journal).filteredOn(e -> JournalEntry.RUN_STARTED.equals(e.event())).hasSize(2);
        }
        assertThat(failures).isEmpty();
        System.out.println("team state crash subset: 3 kill points, 3 resumed from S3");
    }
}
