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
import dev.ferry.testing.FerryCli;
import dev.ferry.wiring.AwsEndpoint;
import dev.ferry.wiring.Wiring;
import java.io.IOException;
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
        return plan(folder, key, world, sleep, null);
    }

    /**
     * The same, where action {@code killAfter} (e.g. s2a1), the first time it runs, SIGKILLs the ferry that runs it
     * right after its change: the hook's shell is a child of that ferry.
     */
    private Path plan(Path folder, String key, Path world, String sleep, String killAfter) throws Exception {
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
                        .append(sleep).append(line.equals(killAfter) ? "; [ -e " + folder.resolve("killed")
                                + " ] || { touch " + folder.resolve("killed") + "; kill -KILL $PPID; }" : "")
                        .append('\n')
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
        assertThat(localFiles(dir.resolve("laptop/.ferry"))).as("no local state on the first machine, only its run log")
                .allMatch(f -> f.startsWith("ferry.log"));
        assertThat(localFiles(dir.resolve("desktop/.ferry"))).as("no local state on the second machine, only its run log")
                .allMatch(f -> f.startsWith("ferry.log"));
        assertThat(remoteState(key).steps().values()).allMatch(r -> r.status() == StepStatus.APPLIED);
    }

    /** The names of the files below {@code dir} (none when it does not exist). */
    private static List<String> localFiles(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).toList();
        }
    }

    /** SIGKILL in action s1a1, s2a1 and s3a1 (each a different step), then resume: the lock left behind is this host's. */
    @Test
    void aRunKilledMidStepResumesFromTheBucket() throws Exception {
        List<String> failures = new ArrayList<>();
        for (String killAfter : List.of("s1a1", "s2a1", "s3a1")) {
            String key = "team/" + UUID.randomUUID() + "/state.json";
            Path world = dir.resolve("world-" + killAfter + ".txt");
            Path plan = plan(dir.resolve("crash-" + killAfter), key, world, "0", killAfter);
            FerryProcesses ferry = FerryProcesses.start(Files.createDirectories(dir.resolve("crash-" + killAfter
                    + "-out")), settings, NO_PROBE, plan);
            FerryProcesses.Exit killed = ferry.run("0", "run", "--yes");
            assertThat(killed.code()).as("killed by SIGKILL: " + killed.stderr()).isEqualTo(137);
            FerryProcesses.Exit resumed = ferry.run("0", "resume", "--yes");
            if (resumed.code() != 0 || !lines(world).equals(ALL)) {
                failures.add("kill in " + killAfter + ": exit " + resumed.code() + ", world " + lines(world)
                        + "\n" + resumed.stderr());
            }
            List<JournalEntry> journal;
            try (S3StateBackend backend = S3StateBackend.open(settings, SandboxWorld.STATE_BUCKET, key)) {
                journal = new Journal(backend).read();
            }
            assertThat(journal).filteredOn(e -> JournalEntry.RUN_STARTED.equals(e.event())).hasSize(2);
        }
        assertThat(failures).isEmpty();
        System.out.println("team state crash subset: 3 kill points, " + (3 - failures.size()) + " resumed from S3");
    }

    /**
     * A migration begun with local state moves to the bucket (push), continues there from another folder, and comes
     * back (pull) byte for byte; an edited plan is refused on S3 as it is locally.
     */
    @Test
    void localStatePushedResumedFromTheBucketAndPulledBack() throws Exception {
        String key = "team/" + UUID.randomUUID() + "/state.json";
        Path world = dir.resolve("world.txt");
        Path teamPlan = plan(dir.resolve("ops"), key, world, "0");
        String text = Files.readString(teamPlan);
        String localText = text.substring(0, text.indexOf("\nstate:\n")) + text.substring(text.indexOf("\nsteps:"));
        Path localPlan = Files.writeString(dir.resolve("ops/local.yaml"), localText);
        Wiring wiring = Wiring.real().withAwsEndpoint(new AwsEndpoint(aws.endpoint(), aws.credentials(),
                Duration.ofMillis(200)));
        Path stateDir = dir.resolve("ops/.ferry/redash-prod");
        assertThat(FerryCli.ferry(wiring, "run", localPlan.toString(), "--yes", "--until", "hook-1").code()).isZero();

        FerryCli.Result pushed = FerryCli.ferry(wiring, "state", "push", teamPlan.toString(), "--yes",
                "--state-dir", stateDir.toString());
        assertThat(pushed.code()).as(pushed.err()).isZero();
        Path elsewhere = plan(dir.resolve("elsewhere"), key, world, "0");
        FerryCli.Result resumed = FerryCli.ferry(wiring, "resume", elsewhere.toString(), "--yes");
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(lines(world)).isEqualTo(ALL);

        Path pulledDir = dir.resolve("pulled");
        FerryCli.Result pulled = FerryCli.ferry(wiring, "state", "pull", elsewhere.toString(), "--yes",
                "--state-dir", pulledDir.toString());
        assertThat(pulled.code()).as(pulled.err()).isZero();
        byte[] inBucket;
        try (S3StateBackend backend = S3StateBackend.open(settings, SandboxWorld.STATE_BUCKET, key)) {
            inBucket = backend.readState().orElseThrow().content();
            assertThat(new Journal(backend).read()).hasSameSizeAs(new Journal(pulledDir).read());
        }
        assertThat(Files.readAllBytes(pulledDir.resolve(StateStore.FILE))).isEqualTo(inBucket);

        Files.writeString(elsewhere, Files.readString(elsewhere).replace("echo s1a1 >>", "echo s1a1-changed >>"));
        FerryCli.Result stale = FerryCli.ferry(wiring, "resume", elsewhere.toString(), "--yes");
        assertThat(stale.code()).as(stale.err()).isEqualTo(4);
        assertThat(stale.err()).contains("hook-1");

        FerryCli.Result doctor = FerryCli.ferry(wiring, "doctor", elsewhere.toString());
        assertThat(doctor.out()).contains("state-bucket").contains("state-versioning").contains("state-encryption");

        try (S3StateBackend backend = S3StateBackend.open(settings, SandboxWorld.STATE_BUCKET, key)) {
            String version = backend.readState().orElseThrow().version();
            byte[] edited = new String(inBucket, java.nio.charset.StandardCharsets.UTF_8)
                    .replace("\"serial\"", "\"serial\" ").replaceFirst("\"hook-1\"", "\"hook-9\"")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            backend.writeState(edited, java.util.Optional.of(version));
        }
        FerryCli.Result corrupt = FerryCli.ferry(wiring, "status", elsewhere.toString());
        assertThat(corrupt.code()).as(corrupt.err()).isEqualTo(2);
        assertThat(corrupt.err()).contains("s3://" + SandboxWorld.STATE_BUCKET + "/" + key + ":")
                .contains("corrupt state: checksum mismatch");
    }
}
