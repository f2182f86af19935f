package dev.ferry.plan;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PlanLoaderTest {
    private static final Path FILE = Path.of("test-plan.yaml");

    /** The smallest valid plan: a local PostgreSQL upgrade needs no AWS section. */
    static final String MINIMAL = """
            name: demo
            source:
              host: ${env:APP_HOST:-app.example.com}
              user: ubuntu
            compose:
              directory: /opt/app
              envFile: /opt/app/env
              services: {web: server, db: database}
              databaseUrlKey: DATABASE_URL
              redisUrlKey: REDIS_URL
            steps:
              - id: upgrade-local-postgres
                options: {targetMajor: 16}
            """;

    private final PlanLoader loader = new PlanLoader(Map.of());

    @Test
    void loadsAMinimalPlanAndFillsDefaults() {
        Plan plan = loader.load(MINIMAL, FILE).plan();

        assertThat(plan.source().port()).isEqualTo(22);
        assertThat(plan.source().knownHosts()).isEqualTo("~/.ssh/known_hosts");
        assertThat(plan.source().bastion()).isNull();
        assertThat(plan.compose().file()).isEqualTo("docker-compose.yml");
        assertThat(plan.compose().services()).containsExactly(
                Map.entry("web", ServiceRole.SERVER), Map.entry("db", ServiceRole.DATABASE));
        assertThat(plan.target()).isNull();
        assertThat(plan.steps().get(0).options()).containsExactly(
                Map.entry("targetMajor", 16), Map.entry("backupDir", "/var/backups/ferry"),
                Map.entry("copyDataDir", true), Map.entry("discardWritesOnRollback", false),
                Map.entry("upgradeTimeout", Duration.ofHours(1)),
                Map.entry("image", "pgautoupgrade/pgautoupgrade:16-alpine"));
    }

    @Test
    void interpolatesFromTheInjectedEnvironment() {
        Plan plan = new PlanLoader(Map.of("APP_HOST", "10.0.1.5")).load(MINIMAL, FILE).plan();

        assertThat(plan.source().host()).isEqualTo("10.0.1.5");
    }

    @Test
    void reportsEveryProblemInOneException() {
        String text = MINIMAL
                .replace("user: ubuntu", "user: ubuntu\n  port: 0")
                .replace("envFile:", "envFle:")
                .replace("web: server", "web: sever")
                .replace("targetMajor: 16", "targetMajor: sixteen")
                + "  - id: provison\n  - id: notify\n    kind: hook\n";

        PlanInvalidException e = catchThrowableOfType(() -> loader.load(text, FILE), PlanInvalidException.class);

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(e.problems()).extracting(p -> p.line() + ":" + p.column()).containsExactly(
                "5:9", "8:3", "9:19", "14:28", "15:9", "16:5");
        assertThat(e.problems()).extracting(Problem::message).satisfiesExactly(
                m -> assertThat(m).isEqualTo("source.port must be from 1 to 65535, got 0"),
                m -> assertThat(m).contains("unknown key 'envFle' in compose; did you mean 'envFile'?"),
                m -> assertThat(m).contains("unknown role 'sever'").contains("did you mean 'server'?"),
                m -> assertThat(m).contains("targetMajor must be an integer, got 'sixteen'"),
                m -> assertThat(m).contains("unknown step id 'provison'; did you mean 'provision'?"),
                m -> assertThat(m).contains("hook step 'notify' has no actions"));
        assertThat(e.getMessage()).startsWith("test-plan.yaml:5:9: source.port must be from 1 to 65535, got 0\n")
                .endsWith("6 problems in the plan; fix the plan and run `ferry validate test-plan.yaml` again");
    }

    @Test
    void mergeKeysWorkAndWrittenKeysWinOverMergedOnes() {
        String text = """
                x-ssh: &ssh {user: deploy, port: 2222, identityFile: ~/.ssh/id}
                """ + MINIMAL.replace("  user: ubuntu", "  <<: *ssh\n  port: 22");

        SourceHost source = loader.load(text, FILE).plan().source();

        assertThat(source.user()).isEqualTo("deploy");
        assertThat(source.port()).isEqualTo(22);
        assertThat(source.identityFile()).isEqualTo("~/.ssh/id");
    }

    @Test
    void digestIgnoresLayoutCommentsAndKeyOrderButNotValues() {
        String reordered = """
                # same plan, other layout
                steps: [{options: {targetMajor: 16}, id: upgrade-local-postgres}]
                compose: {services: {web: server, db: database}, envFile: /opt/app/env, directory: /opt/app,
                          redisUrlKey: REDIS_URL, databaseUrlKey: DATABASE_URL}
                source: {user: ubuntu, host: app.example.com, port: 22}
                name: demo
                """;
        String digest = loader.load(MINIMAL, FILE).digest();

        assertThat(loader.load(reordered, FILE).digest()).isEqualTo(digest);
        assertThat(loader.load(MINIMAL.replace("16}", "17}"), FILE).digest()).isNotEqualTo(digest);
        assertThat(new PlanLoader(Map.of("APP_HOST", "other")).load(MINIMAL, FILE).digest()).isNotEqualTo(digest);
    }

    @Test
    void digestIsTheSha256OfTheCanonicalJson() {
        LoadedPlan loaded = loader.load(MINIMAL, FILE);

        assertThat(loaded.digest()).isEqualTo(PlanDigest.sha256(loaded.plan()));
        assertThat(PlanDigest.canonicalJson(loaded.plan())).startsWith("{\"compose\":{\"databaseUrlKey\"");
    }

    @Test
    void loadsHookStepsWithTheirActions() {
        String text = MINIMAL + """
                  - id: notify-team
                    kind: hook
                    actions:
                      - name: post-message
                        check: test -f /tmp/notified
                        apply: touch /tmp/notified
                """;

        StepSpec hook = loader.load(text, FILE).plan().step("notify-team").orElseThrow();

        assertThat(hook.kind()).isEqualTo(StepSpec.StepKind.HOOK);
        assertThat(hook.hookActions()).containsExactly(
                new StepSpec.HookAction("post-message", "test -f /tmp/notified", "touch /tmp/notified", null));
    }

    @Test
    void storesDurationsAndListsAsTypedValues() {
        LoadedPlan loaded = new PlanLoader(Map.of()).load(Path.of("plans/redash.yaml"));
        Map<String, Object> options = loaded.plan().step(StepIds.HANDOFF_SCHEDULER).orElseThrow().options();

        assertThat(options).containsEntry("stopTimeout", Duration.ofMinutes(2));
        assertThat(loaded.plan().step(StepIds.START_FARGATE_WORKERS).orElseThrow().options())
                .containsEntry("stableTimeout", Duration.ofMinutes(15));
    }

    @Test
    void logRetentionIsAnOptionOfProvisionLimitedToWhatCloudWatchAccepts() {
        assertThat(new PlanLoader(Map.of()).load(Path.of("plans/redash.yaml")).plan().step(StepIds.PROVISION)
                .orElseThrow().options()).containsEntry("logRetentionDays", 30);
        String ninety = readRedash().replace("parallelism: 4", "parallelism: 4\n      logRetentionDays: 90");
        assertThat(loader.load(ninety, FILE).plan().step(StepIds.PROVISION).orElseThrow().options())
                .containsEntry("logRetentionDays", 90);

        String two = readRedash().replace("parallelism: 4", "parallelism: 4\n      logRetentionDays: 2");
        PlanInvalidException e = catchThrowableOfType(() -> loader.load(two, FILE), PlanInvalidException.class);
        assertThat(e.getMessage()).contains("logRetentionDays 2 of step 'provision' is not one of the values it"
                + " accepts: 1, 3, 5, 7, 14, 30");
    }

    @Test
    void aPasswordUrlResolvedFromTheEnvironmentIsRefusedWithoutEchoingIt() {
        String plan = readRedash().replace("REDASH_LOG_LEVEL: INFO", "REDASH_LOG_LEVEL: INFO\n  DB: ${env:DB_URL}");

        PlanInvalidException e = catchThrowableOfType(
                () -> new PlanLoader(Map.of("DB_URL", "postgresql://redash:pa55word@db/redash")).load(plan, FILE),
                PlanInvalidException.class);

        assertThat(e.problems()).isNotEmpty().allSatisfy(p -> assertThat(p.message())
                .contains("env 'DB'").contains("URL with a password"));
        assertThat(e.getMessage()).doesNotContain("pa55word");
    }

    @Test
    void aSecretLookingEnvKeyIsRefusedAndItsValueNeverAppears() {
        String plan = readRedash().replace("REDASH_LOG_LEVEL: INFO",
                "REDASH_LOG_LEVEL: INFO\n  MAIL_PASSWORD: ${env:MAIL_PASSWORD}");

        PlanInvalidException e = catchThrowableOfType(
                () -> new PlanLoader(Map.of("MAIL_PASSWORD", "pa55word")).load(plan, FILE),
                PlanInvalidException.class);

        assertThat(e.problems()).extracting(Problem::message).allSatisfy(m -> assertThat(m)
                .contains("env 'MAIL_PASSWORD'").contains("looks like a secret written in plain text"));
        assertThat(e.getMessage()).doesNotContain("pa55word");
    }

    @Test
    void aProblemInAnAnchorUsedByFiveServicesIsReportedOnceNamingThemAll() {
        String plan = readRedash().replace("REDASH_LOG_LEVEL: INFO", "REDASH_LOG_LEVEL: INFO\n  LOG-FORMAT: json");
        int anchorLine = (int) plan.lines().takeWhile(l -> !l.contains("LOG-FORMAT")).count() + 1;

        PlanInvalidException e = catchThrowableOfType(() -> loader.load(plan, FILE), PlanInvalidException.class);

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.line() + ":" + p.column()).isEqualTo(anchorLine + ":3");
            assertThat(p.message()).isEqualTo("env 'LOG-FORMAT' of ECS services 'server', 'scheduler', 'worker',"
                    + " 'adhoc_worker' and 'scheduled_worker' has '-', but an environment variable name allows only"
                    + " letters, digits and '_'; use e.g. 'LOG_FORMAT'");
        });
    }

    @Test
    void aMissingFileIsInvalidInputNamingThePath(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> loader.load(missing))
                .isInstanceOf(FerryException.class)
                .isNotInstanceOf(PlanInvalidException.class)
                .hasMessageContaining("plan file " + missing + " does not exist; check the path")
                .satisfies(t -> assertThat(((FerryException) t).code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    @Test
    void aDirectoryIsInvalidInputSayingWhichFileToPass(@TempDir Path dir) {
        assertThatThrownBy(() -> loader.load(dir))
                .isInstanceOf(FerryException.class)
                .hasMessage(dir + " is a directory, not a plan file; pass the plan's YAML file, e.g. "
                        + dir.resolve("plan.yaml"))
                .satisfies(t -> assertThat(((FerryException) t).code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    @Test
    void aUtf16FileIsReportedAtItsStartWithTheEncodingToUse(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("plan.yaml");
        Files.write(file, MINIMAL.getBytes(java.nio.charset.StandardCharsets.UTF_16));

        PlanInvalidException e = catchThrowableOfType(() -> loader.load(file), PlanInvalidException.class);

        assertThat(e.problems()).singleElement().hasToString(file + ":1:1: the plan file is UTF-16 (it starts with"
                + " a UTF-16 byte order mark); save it as UTF-8");
    }

    @Test
    void loadFromPathReportsProblemsAgainstThatPath(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("plan.yaml");
        Files.writeString(file, MINIMAL.replace("name: demo", "name: Demo"));

        PlanInvalidException e = catchThrowableOfType(() -> loader.load(file), PlanInvalidException.class);

        assertThat(e.problems()).singleElement().hasToString(file + ":1:7: name 'Demo' must be kebab-case"
                + " (lowercase letters, digits and '-') and at most 40 characters; it prefixes AWS resource names");
    }

    private static String readRedash() {
        try {
            return Files.readString(Path.of("plans/redash.yaml"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
