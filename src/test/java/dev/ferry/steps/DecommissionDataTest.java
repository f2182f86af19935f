package dev.ferry.steps;

import static dev.ferry.testing.FerryCli.ferry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.step.Action;
import dev.ferry.step.Adapters;
import dev.ferry.engine.Migration;
import dev.ferry.engine.PlannedStep;
import dev.ferry.step.StepContext;
import dev.ferry.host.SshConnector;
import dev.ferry.host.SshOptions;
import dev.ferry.host.SshShell;
import dev.ferry.plan.LoadedPlan;
import dev.ferry.plan.Plan;
import dev.ferry.plan.PlanLoader;
import dev.ferry.plan.StepIds;
import dev.ferry.sandbox.SandboxPlan;
import dev.ferry.sandbox.aws.SandboxWorld;
import dev.ferry.sandbox.host.SandboxHost;
import dev.ferry.state.StepRecord;
import dev.ferry.state.StepStatus;
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
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * decommission with {@code removeVolumes: true} on the sandbox host, where the old postgres mounted a read-only file,
 * a directory outside the compose directory, the compose directory itself, the env file, its data directory and a
 * named volume, and redis a named volume: the typed confirmation names exactly the data directory and the two
 * volumes (and why everything else stays), and the removal deletes exactly those.
 */
class DecommissionDataTest {
    private static Wiring wiring;
    private static final String PLAN = "sbx-decommission";

    private Path root;
    private SandboxHost host;
    private Path directory;
    private Path plan;
    private final Map<String, String> outputs = new HashMap<>();

    @BeforeEach
    void start() throws Exception {
        root = Files.createTempDirectory(Path.of("/tmp"), "ferry-decommission-");
        host = SandboxHost.start(root);
        directory = Files.createDirectories(root.resolve("opt/redash"));
        Files.writeString(Files.createDirectories(root.resolve("etc")).resolve("localtime"), "TZif2 sandbox\n");
        Files.writeString(Files.createDirectories(root.resolve("srv/shared")).resolve("report.csv"), "a,b\n");
        Files.writeString(Files.createDirectories(directory.resolve("postgres-data")).resolve("PG_VERSION"), "12\n");
        Files.writeString(directory.resolve("env"), "REDASH_SECRET_KEY=k\n");
        Files.writeString(directory.resolve("docker-compose.yml"), "services:\n  nginx:\n    image: redash/nginx\n");
        Path backup = directory.resolve("docker-compose.yml.ferry-20250101T000000Z.bak");
        Files.writeString(backup, """
                services:
                  postgres:
                    image: postgres:12-alpine
                    volumes:
                      - %1$s/etc/localtime:/etc/localtime:ro
                      - %1$s/srv/shared:/shared
                      - ./:/compose
                      - ./env:/run/redash.env
                      - ./postgres-data:/var/lib/postgresql/data
                      - pgconf:/etc/postgresql
                  redis:
                    image: redis:7-alpine
                    volumes: [redis-data:/data]
                  nginx:
                    image: redash/nginx
                volumes:
                  pgconf: {}
                  redis-data: {}
                """.formatted(root));
        volume("redash_pgconf", "redash", "pgconf");
        volume("redash_redis-data", "redash", "redis-data");
        volume("other_pgconf", "other", "pgconf");
        outputs.put(StepIds.MOVE_DATABASE + ".composeFileBackup", backup.toString());
        outputs.put(StepIds.REPOINT_REDIS + ".composeFileBackup", backup.toString());
        outputs.put(StepIds.CUTOVER_SERVER + ".switchedAt", Instant.now().toString());
        plan = root.resolve("plan.yaml");
        Files.writeString(plan, SandboxPlan.named(PLAN).source(host.sourceHost(host.writeKnownHosts(
                        root.resolve("known_hosts")))).redashCompose(directory)
                .target(SandboxWorld.defaults(), PLAN, 16).edge(SandboxWorld.defaults(), 60)
                .steps(String.join("\n", StepIds.ALL.stream().map(id -> "  - id: " + id).toList())
                        .replace("id: upgrade-local-postgres", "id: upgrade-local-postgres\n    options: {targetMajor: 15}")
                        + "\n    options: {removeVolumes: true}\n").yaml());
        wiring = Wiring.real().withAdapters(Adapters.unavailable().withHosts(new SshConnector(SshOptions.isolated())));
    }

    @AfterEach
    void stop() throws Exception {
        host.close();
        HostileValuesTest.deleteTree(root);
    }

    @Test
    void theConfirmationNamesExactlyWhatGoesAndTheRemovalDeletesJustThat() throws Exception {
        seedAppliedSteps();
        Result run = ferry(wiring, "a\ndecommission\n", true, "run", plan.toString());
        String prompt = "step decommission is ONE-WAY: it cannot be rolled back.\n"
                + "  removes the containers and compose entries of server, scheduler, worker, adhoc_worker,"
                + " scheduled_worker, postgres, redis\n"
                + "  delete: directory " + directory.resolve("postgres-data") + "\n"
                + "  delete: volume redash_pgconf\n"
                + "  delete: volume redash_redis-data\n"
                + "  kept: " + root.resolve("etc/localtime") + " (read-only mount)\n"
                + "  kept: " + root.resolve("srv/shared") + " (outside the compose directory " + directory + ")\n"
                + "  kept: " + directory + " (the compose directory itself)\n"
                + "  kept: " + directory.resolve("env") + " (holds the env file " + directory.resolve("env") + ")\n"
                + "type 'decommission' to confirm: ";
        assertThat(run.err()).contains(prompt);
        assertThat(run.err()).as("confirmed, then the step stops at its first check: nothing is deleted yet")
                .contains("failed at action check-moved");
        assertThat(directory.resolve("postgres-data/PG_VERSION")).exists();

        List<String> progress = removeOldData();
        assertThat(progress).containsSubsequence("deleted directory " + directory.resolve("postgres-data"),
                "deleted volume redash_pgconf", "deleted volume redash_redis-data",
                "kept: " + root.resolve("etc/localtime") + " (read-only mount)");
        assertThat(directory.resolve("postgres-data")).doesNotExist();
        assertThat(volumes()).containsExactly("other_pgconf");
        assertThat(root.resolve("etc/localtime")).hasContent("TZif2 sandbox");
        assertThat(root.resolve("srv/shared/report.csv")).exists();
        assertThat(directory.resolve("env")).hasContent("REDASH_SECRET_KEY=k");
        assertThat(directory.resolve("docker-compose.yml")).exists();
        // each command reaches the host inside ferry's process-group wrapper: `setsid sh -c ... ferry 'COMMAND'`
        assertThat(host.executedCommands()).filteredOn(c -> c.contains("rm -rf")).singleElement().asString()
                .contains("ferry 'sudo -n rm -rf -- " + directory.resolve("postgres-data") + "'; exit $?");
    }

    @Test
    void aDataDirectoryThatIsASymlinkOutOfTheComposeDirectoryIsKept() throws Exception {
        Path elsewhere = Files.createDirectories(root.resolve("srv/pg"));
        Files.writeString(elsewhere.resolve("PG_VERSION"), "12\n");
        Path link = directory.resolve("postgres-data");
        Files.delete(link.resolve("PG_VERSION"));
        Files.delete(link);
        Files.createSymbolicLink(link, elsewhere);

        List<String> details;
        try (SshShell shell = shell()) {
            details = new Decommission().oneWayDetails(context(), hostContext(shell));
        }
        assertThat(details).contains("kept: " + link + " (resolves to " + elsewhere + " on the host: outside the"
                + " compose directory " + directory + ")").noneMatch(line -> line.startsWith("delete: directory"));
        removeOldData();
        assertThat(elsewhere.resolve("PG_VERSION")).exists();
        assertThat(link).isSymbolicLink();
    }

    private List<String> removeOldData() throws Exception {
        Action remove = new Decommission().actions(context()).stream()
                .filter(a -> a.name().equals("remove-old-data")).findFirst().orElseThrow();
        try (SshShell shell = shell()) {
            HostActionContext ctx = hostContext(shell);
            remove.body().run(ctx);
            return ctx.progress;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private StepContext context() throws Exception {
        Plan loaded = new PlanLoader().load(plan).plan();
        return new StepContext(loaded, loaded.step(StepIds.DECOMMISSION).orElseThrow());
    }

    /** Steps 1-8 applied, as after a real run, with the outputs decommission reads. */
    private void seedAppliedSteps() throws Exception {
        LoadedPlan loaded = new PlanLoader().load(plan);
        StepLibrary library = new StepLibrary();
        List<PlannedStep> steps = loaded.plan().steps().stream().map(s -> new PlannedStep(s, library.forId(s.id()))).toList();
        Migration migration = new Migration(loaded.plan(), loaded.digest(), steps, root.resolve(".ferry").resolve(PLAN),
                Adapters.unavailable(), Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream()));
        for (PlannedStep step : steps.subList(0, steps.size() - 1)) {
            Map<String, String> own = new HashMap<>();
            outputs.forEach((k, v) -> {
                if (k.startsWith(step.id() + ".")) {
                    own.put(k.substring(step.id().length() + 1), v);
                }
            });
            Instant now = Instant.now();
            migration.checkpoint(s -> s.withStep(step.id(), StepRecord.applying(migration.inputDigest(step), now)
                    .withStatus(StepStatus.APPLIED, now).withOutputs(own)));
        }
    }

    private void volume(String name, String project, String key) {
        host.console("docker volume create --label com.docker.compose.project=" + project
                + " --label com.docker.compose.volume=" + key + " " + name, "").orThrow("docker volume create");
    }

    private List<String> volumes() {
        return host.console("docker volume ls -q", "").orThrow("docker volume ls").stdout().lines().toList();
    }

    private SshShell shell() {
        return SshShell.open(host.sourceHost(root.resolve("known_hosts")), SshOptions.isolated());
    }

    /** The engine's view of the world for one action: the sandbox host over SSH and the seeded outputs. */
    private HostActionContext hostContext(SshShell shell) {
        return new HostActionContext(shell, new PlanLoader().load(plan).plan(), outputs, StepIds.DECOMMISSION);
    }
}
