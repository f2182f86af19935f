package dev.ferry.steps;

import static dev.ferry.testing.FerryCli.ferry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.Migration;
import dev.ferry.engine.PlannedStep;
import dev.ferry.host.SshConnector;
import dev.ferry.host.SshOptions;
import dev.ferry.host.SshShell;
import dev.ferry.plan.LoadedPlan;
import dev.ferry.plan.Plan;
import dev.ferry.plan.PlanLoader;
import dev.ferry.plan.StepIds;
import dev.ferry.sandbox.SandboxPlan;
import dev.ferry.sandbox.aws.SandboxWorld;
import dev.ferry.sandbox.host.RedashSandbox;
import dev.ferry.sandbox.host.SandboxHost;
import dev.ferry.state.StepRecord;
import dev.ferry.state.StepStatus;
import dev.ferry.step.Action;
import dev.ferry.step.Adapters;
import dev.ferry.step.StepContext;
import dev.ferry.testing.FerryCli.Result;
import dev.ferry.wiring.Wiring;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replication slot left behind on the sandbox host's real PostgreSQL 12 (logical WAL): {@code ferry status} shows it
 * with its activity and lag once move-database has started (and says so when the source cannot be reached), and
 * decommission's drop-replication-leftovers removes this plan's slot and publication, never another plan's, with
 * postgres running or stopped, and finds nothing the second time.
 */
class ReplicationLeftoversSandboxTest {
    private static final String PLAN = "sbx-slots";
    private static final String SLOT = "ferry_sbx_slots_sub";
    private static final String PUBLICATION = "ferry_sbx_slots_pub";

    private static Path root;
    private static SandboxHost host;
    private static RedashSandbox redash;
    private static Path plan;
    private static Wiring wiring;

    @BeforeAll
    static void start() throws Exception {
        root = Files.createTempDirectory(Path.of("/tmp"), "ferry-slots-");
        host = SandboxHost.start(root);
        Path knownHosts = host.writeKnownHosts(root.resolve("known_hosts"));
        redash = RedashSandbox.seed(host);
        String compose = Files.readString(redash.composeFile());
        Files.writeString(redash.composeFile(), compose.replaceFirst("(?m)^(  postgres:\n)",
                "$1    command: postgres " + MoveDatabaseReplicateSandboxTest.LOGICAL + "\n"));
        redash.docker("up -d").orThrow("up");
        plan = root.resolve("plan.yaml");
        Files.writeString(plan, planYaml(host.sourceHost(knownHosts).port()));
        wiring = Wiring.real().withAdapters(Adapters.unavailable().withHosts(new SshConnector(SshOptions.isolated())));
    }

    private static String planYaml(int sshPort) {
        String steps = String.join("\n", StepIds.ALL.stream().map(id -> "  - id: " + id).toList())
                .replace("id: upgrade-local-postgres", "id: upgrade-local-postgres\n    options: {targetMajor: 15}")
                .replace("id: move-database", "id: move-database\n    options: {method: replicate}") + "\n";
        var source = host.sourceHost(root.resolve("known_hosts"));
        return SandboxPlan.named(PLAN).source(new dev.ferry.plan.SourceHost(source.host(), source.user(), sshPort,
                        source.identityFile(), source.knownHosts(), null)).redashCompose(redash.directory())
                .target(SandboxWorld.defaults(), PLAN, 16).edge(SandboxWorld.defaults(), 60).steps(steps).yaml();
    }

    @AfterAll
    static void stop() throws Exception {
        if (host != null) {
            host.close();
        }
        if (root != null) {
            HostileValuesTest.deleteTree(root);
        }
    }

    @Test
    void statusShowsTheSlotWithItsLagAndDecommissionDropsOnlyThisPlansLeftovers() throws Exception {
        psql("create publication " + PUBLICATION + " for all tables");
        psql("create publication ferry_other_pub for all tables");
        psql("select pg_create_logical_replication_slot('" + SLOT + "', 'pgoutput')");
        psql("select pg_create_logical_replication_slot('ferry_other_sub', 'pgoutput')");
        psql("create table wal_filler as select g from generate_series(1, 20000) g");

        Result never = ferry(wiring, "status", plan.toString());
        assertThat(never.out()).as("move-database never started: no connection, no line").doesNotContain("replication slot");

        seedMoveDatabase(StepStatus.FAILED);
        Result status = ferry(wiring, "status", plan.toString());
        assertThat(status.code()).as(status.err()).isZero();
        assertThat(status.out()).containsPattern("replication slot " + SLOT + " on the source: inactive, lag [1-9][0-9]*"
                + " bytes \\(WAL kept on the host's disk until the slot is dropped; no subscriber");
        Result json = ferry(wiring, "status", plan.toString(), "--output", "json");
        assertThat(json.out()).contains("\"replicationSlot\" : \"replication slot " + SLOT);
        assertThat(dev.ferry.testing.OutputSchemas.check("status-output", json.out())).isEmpty();

        Path unreachable = Files.writeString(root.resolve("unreachable.yaml"), planYaml(1));
        Result cannot = ferry(wiring, "status", unreachable.toString());
        assertThat(cannot.code()).as(cannot.err()).isZero();
        assertThat(cannot.out()).contains("replication slot " + SLOT + " on the source: cannot read it (");

        Result preview = ferry(wiring, "plan", plan.toString());
        assertThat(preview.out()).contains("drop-replication-leftovers", "pg_drop_replication_slot('" + SLOT + "')");

        List<String> dropped = runLeftovers();
        assertThat(dropped).contains("dropped [slot " + SLOT + ", publication " + PUBLICATION + "]");
        assertThat(objects()).containsExactlyInAnyOrder("slot ferry_other_sub", "publication ferry_other_pub");
        assertThat(ferry(wiring, "status", plan.toString()).out()).doesNotContain("replication slot");
        assertThat(runLeftovers()).contains("no replication slot or publication of this plan on the local postgres");

        // a leftover slot on a stopped postgres: started for the drop, stopped again
        psql("select pg_create_logical_replication_slot('" + SLOT + "', 'pgoutput')");
        redash.docker("stop postgres").orThrow("stop postgres");
        assertThat(runLeftovers()).contains("dropped [slot " + SLOT + "]");
        assertThat(redash.docker("ps --services --filter status=running").orThrow("ps").stdout()).doesNotContain("postgres");
        redash.docker("start postgres").orThrow("start postgres");
        assertThat(objects()).containsExactlyInAnyOrder("slot ferry_other_sub", "publication ferry_other_pub");
    }

    private static String psql(String sql) {
        return redash.docker("exec -T postgres psql -v ON_ERROR_STOP=1 -tA -c \"" + sql + "\"").orThrow(sql).stdout();
    }

    private static List<String> objects() {
        return psql("select 'slot ' || slot_name from pg_replication_slots union all select 'publication ' || pubname"
                + " from pg_publication").lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static void seedMoveDatabase(StepStatus status) throws Exception {
        LoadedPlan loaded = new PlanLoader().load(plan);
        StepLibrary library = new StepLibrary();
        List<PlannedStep> steps = loaded.plan().steps().stream()
                .map(s -> new PlannedStep(s, library.forId(s.id()))).toList();
        Migration migration = new Migration(loaded.plan(), loaded.digest(), steps, root.resolve(".ferry").resolve(PLAN),
                Adapters.unavailable(), Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream()));
        PlannedStep move = steps.stream().filter(s -> s.id().equals(StepIds.MOVE_DATABASE)).findFirst().orElseThrow();
        Instant now = Instant.now();
        migration.checkpoint(s -> s.withStep(move.id(), StepRecord.applying(migration.inputDigest(move), now)
                .withStatus(status, now)));
    }

    private static List<String> runLeftovers() throws Exception {
        Plan loaded = new PlanLoader().load(plan).plan();
        Action action = new Decommission().actions(new StepContext(loaded, loaded.step(StepIds.DECOMMISSION).orElseThrow()))
                .stream().filter(a -> a.name().equals("drop-replication-leftovers")).findFirst().orElseThrow();
        try (SshShell shell = SshShell.open(host.sourceHost(root.resolve("known_hosts")), SshOptions.isolated())) {
            HostActionContext ctx = new HostActionContext(shell, loaded, new HashMap<>(), StepIds.DECOMMISSION);
            action.body().run(ctx);
            return ctx.progress;
        }
    }
}
