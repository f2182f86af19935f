package dev.ferry.steps;

import dev.ferry.host.ShellWordsTest;
import dev.ferry.host.ShellWords;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.Failures;
import dev.ferry.FerryException;
import dev.ferry.plan.StepIds;
import dev.ferry.plan.StepSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmallPartsTest {

    @Test
    void databaseUrlParsesAndMasks() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://postgres:p%40ss:w@postgres/postgres");
        assertThat(url.password()).isEqualTo("p@ss:w");
        assertThat(url.host()).isEqualTo("postgres");
        assertThat(url.port()).isEqualTo(5432);
        assertThat(url.toString()).doesNotContain("p@ss").contains("****");
        assertThat(url.pgpassLine("127.0.0.1", 5432)).isEqualTo("127.0.0.1:5432:postgres:postgres:p@ss\\:w");
        assertThat(DatabaseUrl.parse("postgres://redash@db:6432").database()).isEqualTo("redash");
    }

    @Test
    void optionsAcceptDurationsInEveryForm() {
        assertThat(StepOptions.durationOf(Duration.ofSeconds(90))).hasSeconds(90);
        assertThat(StepOptions.durationOf("10m")).hasMinutes(10);
        assertThat(StepOptions.durationOf("PT2H")).hasHours(2);
        assertThat(StepOptions.durationOf(30)).hasSeconds(30);
        StepSpec spec = new StepSpec(StepIds.REPOINT_REDIS, StepSpec.StepKind.BUILTIN, Map.of("drainTimeout", "10m",
                "queues", List.of("x", "y")), List.of());
        assertThat(StepOptions.duration(spec, "drainTimeout")).hasMinutes(10);
        StepSpec handoff = new StepSpec(StepIds.HANDOFF_SCHEDULER, StepSpec.StepKind.BUILTIN, Map.of(), List.of());
        assertThat(StepOptions.duration(handoff, "stopTimeout")).as("missing: the catalog's default").hasMinutes(2);
        assertThat(StepOptions.list(spec, "queues")).containsExactly("x", "y");
    }

    @Test
    void postgresMajorsAndShellQuoting() {
        assertThat(PostgresCommands.major("16.4 (Debian 16.4-1.pgdg120+1)")).isEqualTo("16");
        assertThat(PostgresCommands.major("9.6.24")).isEqualTo("9.6");
        assertThat(ShellWords.quote("/opt/redash/env")).isEqualTo("/opt/redash/env");
        assertThat(ShellWords.quote("it's")).isEqualTo("'it'\\''s'");
        assertThat(ShellWords.quote("/srv/x-<timestamp>.sql")).as("a placeholder-shaped value is quoted like any other")
                .isEqualTo("'/srv/x-<timestamp>.sql'");
    }

    @Test
    void redisProbesCountRunningRqJobs() {
        assertThat(new RedisQueues(List.of("rq:queue:queries", "celery:tasks")).probes())
                .containsExactly("LLEN rq:queue:queries", "ZCARD rq:wip:queries", "LLEN celery:tasks");
        assertThat(new RedisQueues(List.of("scheduled_queries")).probes())
                .as("bare names, as plans/redash.yaml lists them, are RQ queues")
                .containsExactly("LLEN rq:queue:scheduled_queries", "ZCARD rq:wip:scheduled_queries");
    }

    @Test
    void redisProbesReachRedisCliOneALineWhateverTheQueueNamesHold() throws Exception {
        RedisQueues queues = new RedisQueues(List.of("100%s", "rq:queue:a%%b", "$(x)"));
        assertThat(ShellWordsTest.sh(queues.command("cat")).lines().toList()).isEqualTo(queues.probes());
        for (String name : List.of("q\nFLUSHALL", "q FLUSHALL", "q\"", "q'", "q\\", "q\0")) {
            assertThatThrownBy(() -> new RedisQueues(List.of(name))).as(name).isInstanceOf(FerryException.class)
                    .hasMessageContaining("which redis-cli would read as more than one key");
        }
    }

    @Test
    void generatedPasswordsAreLongAndUrlSafe() {
        assertThat(ProvisionDataStores.generatePassword()).hasSize(32).matches("[A-Za-z0-9]+");
    }

    @Test
    void aDumpLoadIsCleanOnlyWhenTheBootstrapRoleIsTheOnlyError() {
        String fresh = "psql:<stdin>:14: ERROR:  role \"postgres\" already exists\n";
        assertThat(UpgradeBackups.loadErrors(fresh)).isEmpty();
        assertThat(UpgradeBackups.loadErrors(null)).isEmpty();
        String broken = fresh + "psql:<stdin>:90: ERROR:  relation \"public.queries\" does not exist\n"
                + "psql:<stdin>:91: invalid command \\N\n";
        assertThat(UpgradeBackups.loadErrors(broken)).containsExactly(
                "psql:<stdin>:90: ERROR:  relation \"public.queries\" does not exist");
    }

    @Test
    void aStepFailureThatSaysHowToGoOnNamesItsNextActionAndADiagnosticOneLeavesItToTheEngine() {
        FerryException goOn = Failures.stepWithNextAction("queues still busy", "Run the step again later");
        FerryException look = Failures.step("redis-cli answered 1 line to 2 probes", "Run it by hand to see why");

        assertThat(goOn.getMessage()).isEqualTo("queues still busy. Run the step again later");
        assertThat(goOn.namesNextAction()).isTrue();
        assertThat(goOn.code()).isEqualTo(ErrorCode.STEP_FAILED);
        assertThat(look.namesNextAction()).isFalse();
    }

    @Test
    void parallelFailuresKeepTheirOwnAdviceAndGetTheGenericOneOnlyWhenOneLacksIt() {
        Parallel.Task advised = Parallel.task("db", () -> {
            throw FerryException.withNextAction(ErrorCode.STEP_FAILED, "db is stuck", "Roll back");
        });
        Parallel.Task other = Parallel.task("cache", () -> {
            throw FerryException.withNextAction(ErrorCode.STEP_FAILED, "cache is stuck", "Delete it");
        });
        Parallel.Task plain = Parallel.task("queue", () -> {
            throw new IllegalStateException("queue refused");
        });
        assertThatThrownBy(() -> Parallel.run(2, List.of(advised, other)))
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.namesNextAction()).isTrue())
                .hasMessageContaining("2 of 2 failed").hasMessageContaining("db: db is stuck. Roll back")
                .hasMessageContaining("cache: cache is stuck. Delete it").hasMessageNotContaining("resume");
        assertThatThrownBy(() -> Parallel.run(2, List.of(advised, plain)))
                .isInstanceOfSatisfying(FerryException.class, e -> assertThat(e.namesNextAction()).isFalse())
                .hasMessageContaining("queue: queue refused").hasMessageContaining("Fix the causes and resume");
    }
}
