package dev.ferry.steps;

import static dev.ferry.testing.FerryCli.ferry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.sandbox.host.RedashSandbox;
import dev.ferry.testing.FerryCli.Result;
import dev.ferry.testing.SandboxWorlds;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * start-fargate-workers when the workers' tasks can never start (an SSM parameter they read is gone): ferry fails
 * within seconds instead of waiting out a 10-minute stable timeout, names the service and ECS's stop reason, leaves
 * the EC2 workers running and prints no secret; after the fix `resume` finishes the step, and after another failure
 * `rollback --last` leaves the Fargate workers at 0.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FargateWorkersFaultTest {
    private static final String PLAN = "sbx-faults";
    private static final String PARAMETER = "/ferry/" + PLAN + "/REDASH_SECRET_KEY";
    private static final List<String> WORKERS = List.of("worker", "adhoc_worker", "scheduled_worker");
    private static final List<String> ECS_WORKERS = List.of(PLAN + "-worker", PLAN + "-adhoc-worker",
            PLAN + "-scheduled-worker");
    /** A hang guard, far below the 10-minute stable timeout of the plan: not a benchmark. */
    private static final Duration FAIL_FAST = Duration.ofSeconds(60);

    private static SandboxWorlds worlds;
    private static EcsClient ecs;
    private static SsmClient ssm;
    private static final List<String> outputs = new ArrayList<>();
    private static final List<String> secrets = new ArrayList<>();
    private static String parameterValue;

    @BeforeAll
    static void start() throws Exception {
        worlds = SandboxWorlds.start(PLAN, RedashSandbox.POSTGRES_IMAGE);
        worlds.plan(16, """
                  - id: provision
                  - id: move-database
                  - id: repoint-redis
                    options:
                      drainTimeout: 2m
                  - id: start-fargate-workers
                    options:
                      stableTimeout: 10m
                """);
        URI endpoint = worlds.aws.endpoint();
        ecs = EcsClient.builder().endpointOverride(endpoint).region(worlds.aws.region())
                .credentialsProvider(worlds.aws.credentials()).build();
        ssm = SsmClient.builder().endpointOverride(endpoint).region(worlds.aws.region())
                .credentialsProvider(worlds.aws.credentials()).build();
    }

    @AfterAll
    static void stop() {
        if (ecs != null) {
            ecs.close();
            ssm.close();
        }
        worlds.close();
    }

    @Test
    @Order(1)
    void provisionsAndMovesRedisFirst() {
        ok(keep(ferry(worlds.wiring(), "run", worlds.plan.toString(), "--yes", "--until", "provision")));
        // move-database is skipped: the stand-in workers only need parameters that resolve
        ok(keep(ferry(worlds.wiring(), "s\na\n", true, "run", worlds.plan.toString(), "--until", "repoint-redis")));
        collectSecrets();
        assertThat(worlds.running()).containsAll(WORKERS);
    }

    @Test
    @Order(2)
    void failsFastWithTheStopReasonWhenTheWorkersCannotStartAndResumesAfterTheFix() {
        deleteParameter();
        Result failed = timedFailure();
        assertThat(failed.err()).contains("ECS service " + PLAN + "-worker cannot start its tasks")
                .contains("stopped before running since ferry scaled it")
                .contains("ResourceInitializationError").contains(PARAMETER)
                .contains("ferry rollback PLAN --last")
                .doesNotContain("to keep waiting");
        assertThat(worlds.running()).as("the EC2 workers keep the queues going").containsAll(WORKERS);

        restoreParameter();
        Result resumed = keep(ferry(worlds.wiring(), "resume", worlds.plan.toString(), "--yes"));
        ok(resumed);
        assertThat(worlds.running()).doesNotContainAnyElementsOf(WORKERS);
        ECS_WORKERS.forEach(s -> assertThat(service(s).runningCount()).as(s).isEqualTo(1));
    }

    @Test
    @Order(3)
    void rollbackAfterTheFailureLeavesTheFargateWorkersAtZero() {
        ok(keep(ferry(worlds.wiring(), "rollback", worlds.plan.toString(), "--last", "--yes")));
        deleteParameter();
        Result failed = timedFailure();
        assertThat(failed.err()).contains("ECS service " + PLAN + "-worker cannot start its tasks");
        assertThat(service(PLAN + "-worker").deployments()).filteredOn(d -> "PRIMARY".equals(d.status()))
                .as("its deployment ran a task before, so (as in ECS) it no longer counts failures: ferry counted"
                        + " the stopped tasks itself").singleElement().extracting(d -> d.failedTasks()).isEqualTo(0);

        ok(keep(ferry(worlds.wiring(), "rollback", worlds.plan.toString(), "--last", "--yes")));
        for (String name : ECS_WORKERS) {
            Service service = service(name);
            assertThat(service.desiredCount()).as(name).isZero();
            assertThat(service.runningCount()).as(name).isZero();
        }
        assertThat(worlds.running()).containsAll(WORKERS);
        restoreParameter();
    }

    @Test
    @Order(4)
    void printsNoSecret() {
        assertThat(secrets).hasSizeGreaterThanOrEqualTo(4).allMatch(s -> s.length() >= 8);
        assertThat(outputs).hasSizeGreaterThan(10);
        for (String secret : secrets) {
            assertThat(outputs).noneMatch(text -> text.contains(secret));
        }
    }

    private static Result timedFailure() {
        long started = System.nanoTime();
        Result result = keep(ferry(worlds.wiring(), "run", worlds.plan.toString(), "--until", "start-fargate-workers",
                "--yes"));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.println("start-fargate-workers failed after " + took.toMillis() + " ms:\n" + result.err());
        assertThat(result.code()).as(result.out() + "\n" + result.err()).isEqualTo(1);
        assertThat(took).as("failed fast, not after the stable timeout").isLessThan(FAIL_FAST);
        return result;
    }

    /** The env file's secrets, the postgres password and every password or value ferry put into SSM. */
    private static void collectSecrets() {
        try {
            for (String line : Files.readAllLines(worlds.redash.envFile())) {
                if (line.startsWith("REDASH_COOKIE_SECRET=") || line.startsWith("REDASH_SECRET_KEY=")) {
                    secrets.add(line.substring(line.indexOf('=') + 1));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        secrets.add(worlds.redash.postgresPassword());
        Pattern password = Pattern.compile("://[^:/@]+:([^@]+)@");
        for (Parameter p : ssm.getParametersByPath(r -> r.path("/ferry/" + PLAN).withDecryption(true)).parameters()) {
            Matcher m = password.matcher(p.value());
            secrets.add(m.find() ? m.group(1) : p.value());
        }
    }

    private static void deleteParameter() {
        parameterValue = ssm.getParameter(r -> r.name(PARAMETER).withDecryption(true)).parameter().value();
        ssm.deleteParameter(r -> r.name(PARAMETER));
    }

    private static void restoreParameter() {
        ssm.putParameter(r -> r.name(PARAMETER).value(parameterValue).type(ParameterType.SECURE_STRING));
    }

    private static Service service(String name) {
        return ecs.describeServices(r -> r.cluster(PLAN).services(name)).services().get(0);
    }

    private static Result keep(Result result) {
        outputs.add(result.out());
        outputs.add(result.err());
        return result;
    }

    private static void ok(Result result) {
        assertThat(result.code()).as(result.out() + "\n" + result.err()).isZero();
    }
}
