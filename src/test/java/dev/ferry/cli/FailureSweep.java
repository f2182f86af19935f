package dev.ferry.cli;

import dev.ferry.testing.RehearsalAws;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.aws.TaggedInventory;
import dev.ferry.step.DatabasePorts.ConnectionSpec;
import dev.ferry.step.DatabasePorts.Snapshot;
import dev.ferry.database.PostgresSnapshots;
import dev.ferry.engine.PlannedStep;
import dev.ferry.step.Action;
import dev.ferry.step.Reversibility;
import dev.ferry.plan.StepIds;
import dev.ferry.plan.Plan;
import dev.ferry.plan.PlanLoader;
import dev.ferry.sandbox.local.LocalPostgres;
import dev.ferry.sandbox.Rehearsal;
import dev.ferry.state.Journal;
import dev.ferry.state.JournalEntry;
import dev.ferry.state.RunState;
import dev.ferry.state.StateStore;
import dev.ferry.state.StepStatus;
import dev.ferry.testing.EnvValues;
import dev.ferry.testing.FerryCli;
import dev.ferry.testing.FerryCli.Result;
import dev.ferry.wiring.Wiring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * The failure sweep of the flagship plan (the demo's nine steps, decommission included) against both sandboxes,
 * with real ferry processes. For each reversible step, before it is applied:
 * <ul>
 *   <li>rollback sweep: for every action of the step, a run in which that action fails right after its body changed
 *   the world; then {@code ferry rollback PLAN --last --yes}, itself SIGKILLed after one of its undo actions and run
 *   again; then the world must be what it was before the step ({@link WorldSnapshot}), the app answering, the lock
 *   free;</li>
 *   <li>crash sweep: a chain of runs, each SIGKILLed right after one more action body returns and before the engine
 *   records it, each followed by {@code ferry resume}: every action boundary is a kill point and every action runs
 *   twice; the end must be what one uninterrupted run leaves.</li>
 * </ul>
 * The steps before the shard's range are applied by plain runs and the shard stops after its last step, so it ends
 * where one uninterrupted run up to that step does, and checks that end. The same run's outputs are then searched for every secret the sandbox
 * planted. Three shards ({@link FailureSweepFirstStepsIT}, {@link FailureSweepMoveDatabaseIT},
 * {@link FailureSweepLastStepsIT}) run in parallel forks:
 * the sweep is most of {@code mvn verify}'s time and mostly waits on sandboxes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class FailureSweep {
    private static final int SIGKILLED = 128 + 9;
    private static final List<String> APP_WRITTEN = WorldSnapshot.APP_WRITTEN;

    private Rehearsal rehearsal;
    private ProbeRelay relay;
    private FerryProcesses ferry;
    private Map<String, String> envAtStart;
    private Path dir;
    private Plan plan;
    private Wiring wiring;

    /** The first step this shard sweeps. */
    abstract String firstSwept();

    /** The last step this shard sweeps; the steps after it are applied without sweeping. */
    abstract String lastSwept();

    @BeforeAll
    void start() throws Exception {
        rehearsal = Rehearsal.start(System.out, true);
        // restoring the pre-upgrade backup drops what the app wrote since; the sweep rolls back after the writers
        // restarted, so it says that this is wanted (the refusal itself is RehearsalTest's)
        Path planFile = rehearsal.planFile();
        Files.writeString(planFile, Files.readString(planFile).replace("      targetMajor: 15\n",
                "      targetMajor: 15\n      discardWritesOnRollback: true\n"));
        plan = new PlanLoader().load(planFile).plan();
        relay = ProbeRelay.serve(rehearsal.internet().probe());
        dir = Files.createTempDirectory(Path.of("/tmp"), "ferry-sweep-");
        ferry = FerryProcesses.start(dir, RehearsalAws.settings(rehearsal), relay.address(), planFile);
        envAtStart = EnvValues.read(rehearsal.redash().envFile());
        // failing runs and rollbacks that are not killed run in this JVM (the same CLI, engine and adapters), which
        // keeps the sweep's cost down; every kill is a real SIGKILL of a child process
        wiring = rehearsal.wiring();
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
    void everyFailurePointRollsBackCleanAndEveryKillPointResumesToOneUninterruptedRun() throws Exception {
        long t0 = System.nanoTime();
        Sweep sweep = new Sweep();
        // for working on one step: -Dferry.sweep.from=STEP applies the steps before it without sweeping them
        String from = System.getProperty("ferry.sweep.from", firstSwept());
        List<String> swept = new ArrayList<>();
        List<String> reached = new ArrayList<>();
        for (PlannedStep step : rehearsal.migration(System.err).steps()) {
            long s0 = System.nanoTime();
            reached.add(step.id());
            if (step.id().equals(from) || !swept.isEmpty()) {
                swept.add(step.id());
                sweep(step, sweep);
                System.out.printf("failure sweep: %s done in %d s%n", step.id(), (System.nanoTime() - s0) / 1_000_000_000);
                if (step.id().equals(lastSwept())) {
                    break;
                }
            } else {
                assertThat(ferry.run("0", "run", "--yes", "--until", step.id()).code()).as(step.id()).isZero();
            }
        }
        List<String> kills = ferry.kills().stream().filter(k -> !k.contains(" ")).toList();
        System.out.printf("rollback sweep of %s: %d failure points, %d rolled back clean (%d with nothing to roll back);"
                + " %d rollbacks SIGKILLed mid-way (of %d that ran an undo action), each converged on rerun%n",
                swept, sweep.points, sweep.clean, sweep.untouched, sweep.killedRollbacks, sweep.undoing);
        System.out.printf("crash sweep: %d kill points, %d ferry runs in all, %d s%n", kills.size(),
                ferry.processes(), (System.nanoTime() - t0) / 1_000_000_000);
        assertThat(swept).as("steps swept").startsWith(from).endsWith(lastSwept());
        assertThat(sweep.clean).isEqualTo(sweep.points);
        assertThat(sweep.points).as("failure points: one per action of each reversible step swept")
                .isEqualTo(sweep.actions);
        assertThat(sweep.killedRollbacks).as("rollbacks killed mid-way: every one that had something to roll back")
                .isEqualTo(sweep.undoing);
        assertEndOfOneUninterruptedRun(reached, swept, kills);
    }

    private void sweep(PlannedStep step, Sweep sweep) throws Exception {
        if (step.step().reversibility() != Reversibility.ONE_WAY) {
            rollbackSweep(step, sweep);
        }
        crashSweep(step.id());
    }

    private void assertEndOfOneUninterruptedRun(List<String> reached, List<String> swept, List<String> kills)
            throws Exception {
        RunState state = new StateStore(rehearsal.stateDirectory(), Clock.systemUTC()).load().orElseThrow();
        List<String> applied = new ArrayList<>();
        List<String> appliedInSwept = new ArrayList<>();
        state.steps().forEach((id, step) -> {
            assertThat(step.status()).as(id).isEqualTo(StepStatus.APPLIED);
            step.actions().forEach((name, action) -> applied.add(id + "/" + name));
            if (swept.contains(id)) {
                step.actions().forEach((name, action) -> appliedInSwept.add(id + "/" + name));
            }
        });
        assertThat(state.steps().keySet()).as("steps applied").containsExactlyInAnyOrderElementsOf(reached);
        assertThat(kills).as("a kill after every action of every step swept, once each").isNotEmpty()
                .hasSameSizeAs(appliedInSwept).containsExactlyInAnyOrderElementsOf(appliedInSwept);
        exactlyOnceSinceTheLastRollback(new Journal(rehearsal.stateDirectory()).read(), applied, reached.size());
        assertThat(Files.readString(rehearsal.stateDirectory().resolve("lock"))).as("no lock left").isEmpty();
        assertNoDuplicateResources();
        if (reached.contains(StepIds.MOVE_DATABASE)) {
            assertSourceAndRdsHoldTheSameData();
        }
    }

    private static final class Sweep {
        int actions;
        int points;
        int clean;
        int untouched;
        int killedRollbacks;
        int undoing;
    }

    /** A failure after each action of {@code step} in turn, each rolled back (killed once mid-way) to the world before. */
    private void rollbackSweep(PlannedStep step, Sweep sweep) throws Exception {
        WorldSnapshot before = WorldSnapshot.of(rehearsal, plan);
        List<Action> apply = step.step().actions(step.context(plan));
        List<Action> undos = step.step().rollbackActions(step.context(plan));
        int actions = apply.size();
        sweep.actions += actions;
        for (int i = 1; i <= actions; i++) {
            String point = step.id() + " failing at action " + i + " of " + actions;
            sweep.points++;
            Result failed = inProcess("fail:" + i, "run", "--yes", "--until", step.id());
            assertThat(failed.code()).as(point + ":\n" + failed.err()).isEqualTo(1);
            assertThat(failed.err()).as(point).contains("injected failure after the body of " + step.id());
            // the rollback runs the undo actions whose apply actions started (ActionSequence); the kill lands after
            // each of them in turn across the points, so every rollback that runs one is killed
            Set<String> started = apply.subList(0, i).stream().map(Action::name).collect(Collectors.toSet());
            long runs = undos.stream().filter(u -> u.undoes().isEmpty() || u.undoes().stream().anyMatch(started::contains))
                    .count();
            FerryProcesses.Exit killed = ferry.run("kill-undo:" + (1 + i % Math.max(1, runs)), "rollback", "--last",
                    "--yes");
            Result undo = new Result(killed.code(), "", killed.stderr());
            if (killed.code() == SIGKILLED) {
                sweep.killedRollbacks++;
                undo = inProcess("0", "rollback", "--last", "--yes");
            }
            if (undo.code() == 2 && undo.err().contains("nothing to roll back: step " + step.id())) {
                runs = 0;
                sweep.untouched++;
                undo = inProcess("0", "rollback", "--to", step.id(), "--yes");
            }
            sweep.undoing += runs > 0 ? 1 : 0;
            assertThat(undo.code()).as(point + ": the rollback\n" + undo.err()).isZero();
            WorldSnapshot.assertAppAnswers(rehearsal, Duration.ofSeconds(60), point);
            before.assertRestoredIn(WorldSnapshot.of(rehearsal, plan), point);
            assertThat(Files.readString(rehearsal.stateDirectory().resolve("lock"))).as(point + ": lock").isEmpty();
            sweep.clean++;
        }
    }

    /** {@code ferry COMMAND PLAN ARGS...} in this JVM with {@code fault} in every step; its output kept beside the others'. */
    private Result inProcess(String fault, String command, String... args) throws Exception {
        List<String> line = new ArrayList<>(List.of(command, rehearsal.planFile().toString()));
        line.addAll(List.of(args));
        Result result = FerryCli.ferry(wiring.withSteps(CrashingFerry.faulty(rehearsal.steps(), fault,
                dir.resolve(CrashingFerry.KILLS))), line.toArray(String[]::new));
        ferry.keep(command, result.out(), result.err());
        return result;
    }

    /** Applies {@code step} in a chain of processes, each SIGKILLed after one more action body. */
    private void crashSweep(String step) throws Exception {
        FerryProcesses.Exit exit = ferry.run("1", "run", "--yes", "--confirm", "decommission", "--until", step);
        while (exit.code() == SIGKILLED) {
            exit = ferry.run("2", "resume", "--yes", "--confirm", "decommission", "--until", step);
        }
        assertThat(exit.code()).as(step + ":\n" + exit.stderr()).isZero();
    }

    /** Each action of the final apply of each step recorded done once (earlier applies were rolled back). */
    private static void exactlyOnceSinceTheLastRollback(List<JournalEntry> journal, List<String> applied, int steps) {
        Map<String, Integer> lastRollback = new java.util.HashMap<>();
        for (int i = 0; i < journal.size(); i++) {
            if (JournalEntry.STEP_ROLLED_BACK.equals(journal.get(i).event())) {
                lastRollback.put(journal.get(i).step(), i);
            }
        }
        List<JournalEntry> finalApplies = new ArrayList<>();
        for (int i = 0; i < journal.size(); i++) {
            JournalEntry e = journal.get(i);
            if (e.step() != null && i > lastRollback.getOrDefault(e.step(), -1) && "apply".equals(e.phase())) {
                finalApplies.add(e);
            }
        }
        Map<String, Long> finished = finalApplies.stream().filter(e -> JournalEntry.ACTION_FINISHED.equals(e.event()))
                .collect(Collectors.groupingBy(e -> e.step() + "/" + e.action(), Collectors.counting()));
        assertThat(finished.keySet()).containsExactlyInAnyOrderElementsOf(applied);
        assertThat(finished).as("each action recorded done once").allSatisfy((a, n) -> assertThat(n).isEqualTo(1));
        Map<String, Long> stepsApplied = finalApplies.stream().filter(e -> JournalEntry.STEP_APPLIED.equals(e.event()))
                .collect(Collectors.groupingBy(JournalEntry::step, Collectors.counting()));
        assertThat(stepsApplied).hasSize(steps).allSatisfy((s, n) -> assertThat(n).as(s).isEqualTo(1));
    }

    private void assertNoDuplicateResources() {
        List<String> inventory = TaggedInventory.of(RehearsalAws.settings(rehearsal), Rehearsal.PLAN);
        System.out.println("crash sweep: resources tagged for the plan: " + inventory);
        assertThat(inventory).doesNotHaveDuplicates();
        Map<String, Long> byKind = inventory.stream().collect(Collectors.groupingBy(
                r -> r.substring(0, r.lastIndexOf(' ')), Collectors.counting()));
        assertThat(byKind).containsEntry("rds db-instance", 1L).containsEntry("ecs cluster", 1L);
        assertThat(inventory.stream().filter(r -> r.startsWith("elasticache cluster ")
                || r.startsWith("elasticache replication-group "))).as("one cache").hasSize(1);
        List<String> families = inventory.stream().filter(r -> r.startsWith("ecs task-definition "))
                .map(r -> r.substring(0, r.lastIndexOf(':'))).toList();
        assertThat(families).as("one active revision per task family").isNotEmpty().doesNotHaveDuplicates();
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
        secrets.put("AWS secret access key", RehearsalAws.settings(rehearsal).credentials().resolveCredentials()
                .secretAccessKey());
        secrets.put("ElastiCache AUTH token", dev.ferry.aws.SdkAwsPorts.connect(RehearsalAws.settings(rehearsal))
                .readSecureParameter("/ferry/" + Rehearsal.PLAN + "/CACHE_AUTH_TOKEN").orElseThrow());
        assertThat(secrets).hasSize(8).allSatisfy((name, value) -> assertThat(value).as(name).hasSizeGreaterThan(8));

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
