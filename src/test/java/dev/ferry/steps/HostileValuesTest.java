package dev.ferry.steps;

import static dev.ferry.testing.FerryCli.ferry;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.step.Check;
import dev.ferry.doctor.Doctor;
import dev.ferry.step.Action;
import dev.ferry.step.Adapters;
import dev.ferry.step.Effect;
import dev.ferry.step.Step;
import dev.ferry.step.StepContext;
import dev.ferry.host.SshConnector;
import dev.ferry.host.SshOptions;
import dev.ferry.plan.Plan;
import dev.ferry.plan.PlanLoader;
import dev.ferry.plan.StepIds;
import dev.ferry.sandbox.SandboxPlan;
import dev.ferry.sandbox.aws.SandboxWorld;
import dev.ferry.sandbox.host.RedashSandbox;
import dev.ferry.sandbox.host.SandboxHost;
import dev.ferry.doctor.DoctorChecks;
import dev.ferry.testing.FerryCli.Result;
import dev.ferry.testing.ShellText;
import dev.ferry.wiring.Wiring;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile values in every plan field and host value that reaches a shell on the source host, through {@code ferry
 * plan}, {@code ferry doctor} and a real run of upgrade-local-postgres against the sandbox host (stopped by a full
 * disk before it changes anything): each value tries to {@code touch} its own marker, and nothing on the host may
 * ever run one. The fields: upgrade-local-postgres.backupDir, compose.file, compose.envFile, compose.directory,
 * repoint-redis.queues, the database name in the env file's URL, the data directory {@code docker inspect} reports,
 * and backupDir through {@code ${env:}}. A value the plan refuses up front is safe too. Besides the marker files and
 * the host's {@code touch} calls, every command line the host ran and every previewed command is read by
 * {@link ShellText}: no marker may stand outside quotes in any of them.
 */
class HostileValuesTest {
    private static Wiring wiring;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN = HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
    /** Each tries to touch MARK, which becomes /tmp/ferry-pwn-RUN-n: a file that must never exist. */
    private static final List<String> PAYLOADS = List.of(";touch MARK;", "$(touch MARK)", "`touch MARK`",
            "'; touch MARK; '", "\"; touch MARK; \"", "\ntouch MARK\n", "<x;touch MARK #>", "x&touch MARK&#",
            "-x;touch MARK");
    private static final int FIELDS = 8;
    private static final String DATA_DIR = "/var/lib/postgresql/data";
    private static final Set<String> COMMAND_WORDS = Set.of("docker", "sudo", "test", "[", "printf", "tail", "df", "du",
            "cat", "sh", "rm", "cp", "umask", "readlink");
    private static final List<String> WRITERS = List.of("server", "scheduler", "worker", "adhoc_worker", "scheduled_worker");

    private static Path root;
    private static SandboxHost host;
    private static RedashSandbox redash;
    private static Path knownHosts;
    private static final List<String> previews = new ArrayList<>();
    private static final List<String> livePreviews = new ArrayList<>();
    private static int refusedUpFront;

    @BeforeAll
    static void start() throws Exception {
        root = Files.createTempDirectory(Path.of("/tmp"), "ferry-hostile-");
        host = SandboxHost.start(root);
        redash = RedashSandbox.seed(host);
        redash.docker("up -d").orThrow("docker compose up -d");
        knownHosts = host.writeKnownHosts(root.resolve("known_hosts"));
        wiring = Wiring.real().withAdapters(Adapters.unavailable().withHosts(new SshConnector(SshOptions.isolated())));
        host.limitFreeSpace(0);
    }

    @AfterAll
    static void stop() throws Exception {
        host.close();
        deleteTree(root);
    }

    static void deleteTree(Path directory) throws java.io.IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void noHostileValueEverRunsACommandOnTheHost() throws Exception {
        for (int n = 0; n < PAYLOADS.size(); n++) {
            String value = PAYLOADS.get(n).replace("MARK", "/tmp/" + marker(n));
            fieldsReachingTheUpgradeAndTheDoctor(n, value);
            directoryAndEnvironment(n, value);
            queues(n, value);
        }
        host.reportMountSource(DATA_DIR, null);

        List<String> executed = host.executedCommands();
        List<String> markerFiles;
        try (Stream<Path> tmp = Files.list(Path.of("/tmp"))) {
            markerFiles = tmp.map(p -> p.getFileName().toString()).filter(f -> f.startsWith("ferry-pwn-" + RUN)).toList();
        }
        List<String> touched = host.touches().stream().filter(t -> t.contains("ferry-pwn-" + RUN)).toList();
        List<String> liveOnHost = new ArrayList<>();
        for (int n = 0; n < PAYLOADS.size(); n++) {
            String marker = marker(n);
            executed.forEach(c -> liveOnHost.addAll(ShellText.liveOccurrences(c, marker)));
            assertThat(executed).as("value %d reached the host", n).anyMatch(c -> c.contains(marker));
        }
        int extra = markerFiles.size() + touched.size() + liveOnHost.size() + livePreviews.size();
        System.out.printf("hostile values: %d values × %d fields, %d extra commands (%d command lines run on the host,"
                + " %d previewed commands read, %d plans refused up front)%n", PAYLOADS.size(), FIELDS, extra,
                executed.size(), previews.size(), refusedUpFront);
        assertThat(markerFiles).as("marker files").isEmpty();
        assertThat(touched).as("touch calls naming a marker").isEmpty();
        assertThat(liveOnHost).as("command lines the host ran with a marker outside quotes").isEmpty();
        assertThat(livePreviews).as("previewed commands with a marker outside quotes").isEmpty();
        assertThat(redash.docker("ps --services --filter status=running").orThrow("ps").stdout().lines())
                .as("the app still runs: no run got past its checks").contains("postgres").containsAll(WRITERS);
    }

    /**
     * backupDir, compose.file and compose.envFile in the plan, the database name in the env file, and the data
     * directory docker inspect reports: previewed, checked by doctor, and run by upgrade-local-postgres until the
     * (full) disk stops it before anything changed.
     */
    private static void fieldsReachingTheUpgradeAndTheDoctor(int n, String value) throws Exception {
        Path dir = redash.directory();
        Path composeFile = link(dir + "/docker-compose.yml" + value, redash.composeFile());
        Path envFile = link(dir + "/env" + value, envWithDatabase(n, value));
        Path dataDir = Files.createDirectories(Path.of(root + "/pgdata" + value));
        Files.writeString(dataDir.resolve("PG_VERSION"), "12\n");
        host.reportMountSource(DATA_DIR, dataDir.toString());
        Path plan = fieldsPlan("hostile-" + n + "-fields", dir.relativize(composeFile).toString(), envFile.toString(),
                root + "/var/backups/ferry" + value);
        if (!preview(plan)) {
            // the plan's own fields were refused up front; the values read from the host still go through
            plan = fieldsPlan("hostile-" + n + "-host-values", "docker-compose.yml", envWithDatabase(n, value).toString(),
                    root + "/var/backups/ferry");
            assertThat(preview(plan)).as("a plan whose own fields are plain is accepted").isTrue();
        }
        ferry(wiring, "doctor", plan.toString());
        Result run = ferry(wiring, "run", plan.toString(), "--until", StepIds.UPGRADE_LOCAL_POSTGRES, "--yes");
        assertThat(run.code()).as(run.err()).isIn(1, 2, 7);
        assertThat(run.err()).as("stopped by its checks").doesNotContain("  stop-writers:");
    }

    private static Path fieldsPlan(String name, String composeFile, String envFile, String backupDir) throws Exception {
        Path dir = redash.directory();
        return plan(name, compose(dir.toString(), composeFile, envFile), "  - id: upgrade-local-postgres\n    options:\n"
                + "      targetMajor: 15\n      backupDir: " + yaml(backupDir) + "\n  - id: provision\n"
                + "  - id: move-database\n    options: {method: directory}\n");
    }

    private static void queues(int n, String value) throws Exception {
        Path dir = redash.directory();
        preview(plan("hostile-" + n + "-queues", compose(dir.toString(), "docker-compose.yml", dir + "/env"),
                "  - id: provision\n  - id: move-database\n  - id: repoint-redis\n    options:\n      queues: ["
                        + yaml(value) + "]\n"));
    }

    /**
     * compose.directory holding the value (real directories, then as many {@code ..} back: the project is still the
     * sandbox's Redash, so every compose command works) and backupDir from {@code ${env:}}: the plan as ferry loads it
     * with that environment, its steps' previews read and doctor's checks run.
     */
    private static void directoryAndEnvironment(int n, String value) throws Exception {
        Path inside = Files.createDirectories(Path.of(root + "/opt/x" + value));
        String directory = inside + "/..".repeat(root.resolve("opt").relativize(inside).getNameCount()) + "/redash";
        Path file = plan("hostile-" + n + "-directory", compose(directory, "docker-compose.yml", directory + "/env"),
                "  - id: upgrade-local-postgres\n    options:\n      targetMajor: 15\n"
                        + "      backupDir: ${env:FERRY_BACKUP_DIR}\n");
        Plan plan;
        try {
            plan = new PlanLoader(Map.of("FERRY_BACKUP_DIR", root + "/var/backups/ferry-env" + value)).load(file).plan();
        } catch (FerryException refused) {
            assertThat(refused.code()).as(refused.getMessage()).isEqualTo(ErrorCode.INVALID_INPUT);
            refusedUpFront++;
            return;
        }
        Step step = new StepLibrary().forId(StepIds.UPGRADE_LOCAL_POSTGRES);
        StepContext context = new StepContext(plan, plan.step(StepIds.UPGRADE_LOCAL_POSTGRES).orElseThrow());
        for (Action action : Stream.concat(step.actions(context).stream(), step.rollbackActions(context).stream()).toList()) {
            action.effects().forEach(e -> read(e.kind().name(), e.text()));
        }
        try (DoctorChecks checks = new DoctorChecks(plan, List.of(StepIds.UPGRADE_LOCAL_POSTGRES), Set.of(),
                Adapters.unavailable().withHosts(new SshConnector(SshOptions.isolated())))) {
            List<Check> done = new Doctor(Duration.ofSeconds(60)).run(checks.lanes());
            assertThat(done).as("doctor went through the compose project to the disk check")
                    .anySatisfy(c -> assertThat(c.name()).isEqualTo("compose-file"))
                    .filteredOn(c -> c.name().equals("compose-file")).allMatch(Check::passed);
        }
    }

    /** {@code ferry plan --output json}: reads every previewed shell command; false when the plan was refused. */
    private static boolean preview(Path plan) throws Exception {
        Result result = ferry(wiring, "plan", plan.toString(), "--output", "json");
        if (result.code() == 2) {
            refusedUpFront++;
            return false;
        }
        assertThat(result.code()).as(result.err()).isZero();
        for (JsonNode step : JSON.readTree(result.out()).get("steps")) {
            for (String phase : List.of("actions", "rollback")) {
                for (JsonNode action : step.get(phase)) {
                    action.get("effects").forEach(e -> read(e.get("kind").asText(), e.get("text").asText()));
                }
            }
        }
        return true;
    }

    private static void read(String kind, String text) {
        String first = text.strip().split("\\s+", 2)[0];
        if (kind.equalsIgnoreCase(Effect.Kind.AWS_CALL.name()) || !COMMAND_WORDS.contains(first)) {
            return;
        }
        previews.add(text);
        for (int n = 0; n < PAYLOADS.size(); n++) {
            livePreviews.addAll(ShellText.liveOccurrences(text, marker(n)));
        }
    }

    private static Path plan(String name, String compose, String steps) throws Exception {
        Path file = root.resolve(name + ".yaml");
        Files.writeString(file, SandboxPlan.named(name).source(host.sourceHost(knownHosts)).section(compose)
                .target(SandboxWorld.defaults(), name, 16).edge(SandboxWorld.defaults(), 60).steps(steps).yaml());
        return file;
    }

    private static String compose(String directory, String file, String envFile) throws Exception {
        return "compose:\n  directory: " + yaml(directory) + "\n  file: " + yaml(file) + "\n  envFile: " + yaml(envFile)
                + "\n  services: {server: server, scheduler: scheduler, worker: worker, adhoc_worker: worker,"
                + " scheduled_worker: worker, postgres: database, redis: cache, nginx: keep}\n"
                + "  databaseUrlKey: REDASH_DATABASE_URL\n  redisUrlKey: REDASH_REDIS_URL\n";
    }

    /** A copy of the env file whose database URL names the database {@code name}. */
    private static Path envWithDatabase(int n, String name) throws Exception {
        String url = "postgresql://postgres:" + redash.postgresPassword() + "@postgres/"
                + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        String env = Files.readString(redash.envFile()).replaceAll("(?m)^REDASH_DATABASE_URL=.*$",
                java.util.regex.Matcher.quoteReplacement("REDASH_DATABASE_URL=" + url));
        return Files.writeString(root.resolve("env-" + n), env);
    }

    /** A symlink at {@code path} (whose directories are made first) to {@code target}. */
    private static Path link(String path, Path target) throws Exception {
        Path link = Path.of(path);
        Files.createDirectories(link.getParent());
        return Files.createSymbolicLink(link, target);
    }

    private static String yaml(String value) throws Exception {
        return JSON.writeValueAsString(value);
    }

    private static String marker(int n) {
        return "ferry-pwn-" + RUN + "-" + n;
    }
}
