package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.aws.TaggedInventory;
import dev.ferry.database.DatabasePorts.ConnectionSpec;
import dev.ferry.database.DatabasePorts.Snapshot;
import dev.ferry.database.PostgresSnapshots;
import dev.ferry.sandbox.LocalPostgres;
import dev.ferry.sandbox.Rehearsal;
import dev.ferry.state.Journal;
import dev.ferry.state.JournalEntry;
import dev.ferry.state.RunState;
import dev.ferry.state.StateStore;
import dev.ferry.state.StepStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The crash sweep of the flagship plan (the demo's nine steps, decommission included) against both sandboxes: a
 * chain of real ferry processes, each SIGKILLed right after one more action body returns and before the engine
 * records it, each followed by {@code ferry resume}. So every action boundary of the run is a kill point and every
 * action runs twice; the end must be what one uninterrupted run leaves. The same run's outputs are then searched
 * for every secret the sandbox planted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashSweepIT {
    private static final int SIGKILLED = 128 + 9;
    private static final List<String> APP_WRITTEN = List.of("public.standin_results", "public.standin_ticks");

    private Rehearsal rehearsal;
    private ProbeRelay relay;
    private FerryProcesses ferry;
    private Map<String, String> envAtStart;
    private Path dir;

    @BeforeAll
    void start() throws Exception {
        rehearsal = Rehearsal.start(System.out, true);
        relay = ProbeRelay.serve(rehearsal.internet().probe());
        dir = Files.createTempDirectory(Path.of("/tmp"), "ferry-sweep-");
        ferry = FerryProcesses.start(dir, rehearsal.awsSettings(), relay.address(), rehearsal.planFile());
        envAtStart = EnvValues.read(rehearsal.redash().envFile());
    }

    @AfterAll
    void stop() {
        if (relay != null) {
            relay.close();
        }
        if (rehearsal != null) {
            rehearsal.close();
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (java.io.IOException e) {
                System.err.println("cannot delete " + dir + ": " + e.getMessage());
            }
        }
    }

    @Test
    @Order(1)
    void sigkillAfterEveryActionThenResumeEndsAsOneUninterruptedRunWould() throws Exception {
        long t0 = System.nanoTime();
        FerryProcesses.Exit exit = ferry.run(1, "run");
        while (exit.code() == SIGKILLED) {
            exit = ferry.run(2, "resume");
        }
        assertThat(exit.code()).as(exit.stderr()).isZero();
        List<String> kills = ferry.kills();
        System.out.printf("crash sweep: %d kill points, %d ferry processes, %d s%n", kills.size(),
                ferry.processes(), (System.nanoTime() - t0) / 1_000_000_000);

        RunState state = new StateStore(rehearsal.stateDirectory(), Clock.systemUTC()).load().orElseThrow();
        List<String> applied = new ArrayList<>();
        state.steps().forEach((id, step) -> {
            assertThat(step.status()).as(id).isEqualTo(StepStatus.APPLIED);
            step.actions().forEach((name, action) -> applied.add(id + "/" + name));
        });
        assertThat(state.steps()).hasSize(9);
        assertThat(kills).as("a kill after every action of every step, once each").hasSameSizeAs(applied)
                .containsExactlyInAnyOrderElementsOf(applied);
        exactlyOnce(new Journal(rehearsal.stateDirectory()).read(), applied);
        assertThat(Files.readString(rehearsal.stateDirectory().resolve("lock"))).as("no lock left").isEmpty();
        assertNoDuplicateResources();
        assertSourceAndRdsHoldTheSameData();
    }

    private static void exactlyOnce(List<JournalEntry> journal, List<String> applied) {
        Map<String, Long> finished = journal.stream().filter(e -> JournalEntry.ACTION_FINISHED.equals(e.event()))
                .collect(Collectors.groupingBy(e -> e.step() + "/" + e.action(), Collectors.counting()));
        assertThat(finished.keySet()).containsExactlyInAnyOrderElementsOf(applied);
        assertThat(finished).as("each action recorded done once").allSatisfy((a, n) -> assertThat(n).isEqualTo(1));
        Map<String, Long> stepsApplied = journal.stream().filter(e -> JournalEntry.STEP_APPLIED.equals(e.event()))
                .collect(Collectors.groupingBy(JournalEntry::step, Collectors.counting()));
        assertThat(stepsApplied).hasSize(9).allSatisfy((s, n) -> assertThat(n).as(s).isEqualTo(1));
    }

    private void assertNoDuplicateResources() {
        List<String> inventory = TaggedInventory.of(rehearsal.awsSettings(), Rehearsal.PLAN);
        System.out.println("crash sweep: resources tagged for the plan: " + inventory);
        assertThat(inventory).doesNotHaveDuplicates();
        Map<String, Long> byKind = inventory.stream().collect(Collectors.groupingBy(
                r -> r.substring(0, r.lastIndexOf(' ')), Collectors.counting()));
        assertThat(byKind).containsEntry("rds db-instance", 1L).containsEntry("ecs cluster", 1L);
        assertThat(inventory.stream().filter(r -> r.startsWith("elasticache cluster "))).hasSize(1);
        List<String> revisions = inventory.stream().filter(r -> r.startsWith("ecs task-definition ")).toList();
        assertThat(revisions).as("one revision per task family").isNotEmpty()
                .allSatisfy(r -> assertThat(r).endsWith(":1"));
    }

    /** The source (stopped since the move) against RDS: equal, except the rows the app added on RDS since. */
    private void assertSourceAndRdsHoldTheSameData() throws Exception {
        ConnectionSpec rds = EnvValues.databaseUrl(rehearsal.redash().envFile());
        Snapshot onRds = new PostgresSnapshots().snapshot(rds);
        Path data = rehearsal.redash().postgresData();
        assertThat(LocalPostgres.majorOf(data)).isEqualTo(15);
        try (LocalPostgres source = LocalPostgres.start(data, LocalPostgres.freePort())) {
            ConnectionSpec local = new ConnectionSpec("127.0.0.1", source.port(), "postgres", LocalPostgres.SUPERUSER,
                    envAtStart.get("POSTGRES_PASSWORD"));
            Snapshot onSource = new PostgresSnapshots().snapshot(local);
            assertThat(onSource.rowCounts().keySet()).containsAll(APP_WRITTEN).hasSizeGreaterThan(9);
            assertThat(onRds.rowCounts().keySet()).isEqualTo(onSource.rowCounts().keySet());
            Function<Map<String, ?>, Map<String, ?>> moved = m -> m.entrySet().stream()
                    .filter(e -> !APP_WRITTEN.contains(e.getKey()))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            assertThat(moved.apply(onRds.rowCounts())).isEqualTo(moved.apply(onSource.rowCounts()));
            assertThat(moved.apply(onRds.checksums())).isEqualTo(moved.apply(onSource.checksums()));
            for (String table : APP_WRITTEN) {
                assertThat(EnvValues.rows(rds, table)).as(table + ": every row of the source is on RDS unchanged")
                        .containsAll(EnvValues.rows(local, table));
            }
            System.out.printf("crash sweep: %d tables equal on the source and RDS; on RDS since the move: %s%n",
                    moved.apply(onRds.rowCounts()).size(), APP_WRITTEN.stream().map(t -> t + " +"
                            + (onRds.rowCounts().get(t) - onSource.rowCounts().get(t))).toList());
        }
    }

    @Test
    @Order(2)
    void noPlantedSecretAppearsInAnyOutputStateJournalOrDryRun() throws Exception {
        assertThat(ferry.run(0, "plan").code()).isZero();
        assertThat(ferry.run(0, "status").code()).isZero();
        assertThat(ferry.run(0, "log").code()).isZero();
        Map<String, String> secrets = new java.util.TreeMap<>();
        envAtStart.forEach((k, v) -> {
            if (k.matches(".*(PASSWORD|SECRET|KEY|DATABASE_URL).*")) {
                secrets.put("source env " + k, v);
            }
        });
        ConnectionSpec rds = EnvValues.databaseUrl(rehearsal.redash().envFile());
        secrets.put("RDS master password", rds.password());
        secrets.put("RDS database URL", EnvValues.read(rehearsal.redash().envFile()).get("REDASH_DATABASE_URL"));
        secrets.put("AWS secret access key", rehearsal.awsSettings().credentials().resolveCredentials()
                .secretAccessKey());
        assertThat(secrets).hasSize(7).allSatisfy((name, value) -> assertThat(value).as(name).hasSizeGreaterThan(8));

        Map<Path, String> scanned = ferry.outputs();
        try (var files = Files.walk(rehearsal.stateDirectory())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                scanned.put(f, Files.readString(f));
            }
        }
        System.out.printf("secret scan: %d secrets in %d files (%d KB)%n", secrets.size(), scanned.size(),
                scanned.values().stream().mapToInt(String::length).sum() / 1024);
        assertThat(scanned.keySet()).anyMatch(p -> p.endsWith("journal.jsonl")).anyMatch(p -> p.endsWith("state.json"));
        assertThat(String.join("\n", scanned.values())).as("the scan reads the places secrets would leak to")
                .contains("REDASH_COOKIE_SECRET", "DATABASE_PASSWORD", "REDASH_DATABASE_URL", "copy-data");
        List<String> hits = new ArrayList<>();
        scanned.forEach((file, text) -> secrets.forEach((name, value) -> {
            if (text.contains(value)) {
                hits.add(name + " in " + file);
            }
        }));
        assertThat(hits).isEmpty();
    }
}
