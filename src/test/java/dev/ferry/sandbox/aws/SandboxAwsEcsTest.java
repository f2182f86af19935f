package dev.ferry.sandbox.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** ECS services whose tasks are real local processes: scaling, rolling and singleton deployments, circuit breaker. */
@SuppressWarnings("unchecked") // the SDK's Consumer<Builder>... parameters
class SandboxAwsEcsTest {
    private static final String CLUSTER = "redash";
    private static SandboxAws aws;
    private static Clients clients;
    private static final Set<Long> pids = new HashSet<>();

    @BeforeAll
    static void start(@TempDir Path work) {
        aws = SandboxAws.start(SandboxWorld.defaults(), Delays.fast(), work);
        clients = Clients.of(aws);
        try (EcsClient ecs = clients.ecs(); var ssm = clients.ssm()) {
            ecs.createCluster(r -> r.clusterName(CLUSTER).tags(t -> t.key("ferry:plan").value("redash")));
            ssm.putParameter(r -> r.name("/ferry/redash/REDASH_SECRET_KEY").value("s3cr3t").type(ParameterType.SECURE_STRING));
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        pids.addAll(aws.processIds());
        aws.close();
        Clients.assertAllGone(pids);
    }

    @Test
    void serviceScaledToTwoRunsTwoTasksThatAnswerHttpAndPassHealthChecks() throws Exception {
        try (EcsClient ecs = clients.ecs(); ElasticLoadBalancingV2Client elb = clients.elb()) {
            String tg = createLoadBalancedService(ecs, elb);
            ecs.updateService(r -> r.cluster(CLUSTER).service("server").desiredCount(2));
            var waited = ecs.waiter().waitUntilServicesStable(r -> r.cluster(CLUSTER).services("server"),
                    Clients.quickWaiter(Duration.ofSeconds(60)));
            assertThat(waited.attemptsExecuted()).isGreaterThan(2);
            Service service = waited.matched().response().orElseThrow().services().get(0);
            assertThat(service.runningCount()).isEqualTo(2);

            List<Task> tasks = tasks(ecs, "server", DesiredStatus.RUNNING);
            assertThat(tasks).hasSize(2).allSatisfy(t -> assertThat(t.lastStatus()).isEqualTo("RUNNING"));
            HttpClient http = HttpClient.newHttpClient();
            Set<String> answers = new HashSet<>();
            for (Task task : tasks) {
                int port = task.containers().get(0).networkBindings().get(0).hostPort();
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ping"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(task.taskArn()).endsWith(response.body().strip());
                answers.add(response.body());
            }
            assertThat(answers).hasSize(2);
            // health checks need healthyThresholdCount passes after a task starts; a loaded machine may lag ECS
            elb.waiter().waitUntilTargetInService(r -> r.targetGroupArn(tg), Clients.quickWaiter(Duration.ofSeconds(30)));
            assertThat(elb.describeTargetHealth(r -> r.targetGroupArn(tg)).targetHealthDescriptions())
                    .hasSize(2).allSatisfy(d -> assertThat(d.targetHealth().state()).isEqualTo(TargetHealthStateEnum.HEALTHY));
            pids.addAll(aws.processIds());

            ecs.updateService(r -> r.cluster(CLUSTER).service("server").desiredCount(0));
            ecs.waiter().waitUntilServicesStable(r -> r.cluster(CLUSTER).services("server"), Clients.quickWaiter(Duration.ofSeconds(60)));
            ecs.deleteService(r -> r.cluster(CLUSTER).service("server"));
            ecs.waiter().waitUntilServicesInactive(r -> r.cluster(CLUSTER).services("server"), Clients.quickWaiter(Duration.ofSeconds(30)));
        }
    }

    /** A target group in use by a listener rule and a service behind it at desiredCount 0; returns the group's ARN. */
    private static String createLoadBalancedService(EcsClient ecs, ElasticLoadBalancingV2Client elb) {
        String tg = elb.createTargetGroup(r -> r.name("redash-server").protocol("HTTP").port(5000)
                .vpcId(aws.world().vpc().id()).targetType(TargetTypeEnum.IP).healthCheckPath("/ping")
                .healthyThresholdCount(2)).targetGroups().get(0).targetGroupArn();
        elb.createRule(r -> r.listenerArn(aws.world().listenerArn()).priority(10)
                .conditions(c -> c.field("host-header").hostHeaderConfig(h -> h.values("redash-new.example.com")))
                .actions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(tg)));
        String td = register(ecs, "redash-server", "/ferry/redash/REDASH_SECRET_KEY");
        ecs.createService(r -> r.cluster(CLUSTER).serviceName("server").taskDefinition(td).desiredCount(0)
                .launchType(LaunchType.FARGATE).loadBalancers(l -> l.targetGroupArn(tg).containerName("app").containerPort(5000))
                .networkConfiguration(n -> n.awsvpcConfiguration(v -> v.subnets(aws.world().subnetIds())))
                .tags(t -> t.key("ferry:plan").value("redash")));
        return tg;
    }

    @Test
    void singletonServiceNeverRunsTwoTasksDuringADeployment() throws Exception {
        try (EcsClient ecs = clients.ecs()) {
            String first = register(ecs, "redash-scheduler", null);
            ecs.createService(r -> r.cluster(CLUSTER).serviceName("scheduler").taskDefinition(first).desiredCount(1)
                    .deploymentConfiguration(d -> d.minimumHealthyPercent(0).maximumPercent(100)));
            ecs.waiter().waitUntilServicesStable(r -> r.cluster(CLUSTER).services("scheduler"), Clients.quickWaiter(Duration.ofSeconds(60)));
            String second = register(ecs, "redash-scheduler", null);

            AtomicInteger most = new AtomicInteger();
            AtomicInteger polls = new AtomicInteger();
            AtomicBoolean done = new AtomicBoolean();
            Thread poller = new Thread(() -> {
                try (EcsClient watcher = clients.ecs()) {
                    while (!done.get()) {
                        // by task: a task stopping between the two lists is in both, and the later look counts
                        java.util.Map<String, Task> all = new java.util.HashMap<>();
                        tasks(watcher, "scheduler", DesiredStatus.RUNNING).forEach(t -> all.put(t.taskArn(), t));
                        tasks(watcher, "scheduler", DesiredStatus.STOPPED).forEach(t -> all.put(t.taskArn(), t));
                        int alive = (int) all.values().stream().filter(t -> !t.lastStatus().equals("STOPPED")).count();
                        most.accumulateAndGet(alive, Math::max);
                        polls.incrementAndGet();
                    }
                }
            });
            poller.start();
            ecs.updateService(r -> r.cluster(CLUSTER).service("scheduler").taskDefinition(second));
            var waited = ecs.waiter().waitUntilServicesStable(r -> r.cluster(CLUSTER).services("scheduler"),
                    Clients.quickWaiter(Duration.ofSeconds(60)));
            pids.addAll(aws.processIds());
            done.set(true);
            poller.join();

            assertThat(polls.get()).as("polls during the deployment").isGreaterThan(3);
            assertThat(most.get()).as("tasks alive at once").isEqualTo(1);
            Service service = waited.matched().response().orElseThrow().services().get(0);
            assertThat(service.deployments()).singleElement().satisfies(d -> assertThat(d.taskDefinition()).isEqualTo(second));
            assertThat(tasks(ecs, "scheduler", DesiredStatus.RUNNING)).singleElement()
                    .satisfies(t -> assertThat(t.taskDefinitionArn()).isEqualTo(second));
            assertThat(tasks(ecs, "scheduler", DesiredStatus.STOPPED)).singleElement()
                    .satisfies(t -> assertThat(t.taskDefinitionArn()).isEqualTo(first));
        }
    }

    @Test
    void circuitBreakerRollsBackADeploymentWhoseTasksCannotStart() {
        try (EcsClient ecs = clients.ecs()) {
            String good = register(ecs, "redash-worker", "/ferry/redash/REDASH_SECRET_KEY");
            ecs.createService(r -> r.cluster(CLUSTER).serviceName("worker").taskDefinition(good).desiredCount(1)
                    .deploymentConfiguration(d -> d.deploymentCircuitBreaker(b -> b.enable(true).rollback(true))));
            ecs.waiter().waitUntilServicesStable(r -> r.cluster(CLUSTER).services("worker"), Clients.quickWaiter(Duration.ofSeconds(60)));
            String broken = register(ecs, "redash-worker", "/ferry/redash/MISSING");
            ecs.updateService(r -> r.cluster(CLUSTER).service("worker").taskDefinition(broken));
            var waited = ecs.waiter().waitUntilServicesStable(r -> r.cluster(CLUSTER).services("worker"),
                    Clients.quickWaiter(Duration.ofSeconds(60)));
            pids.addAll(aws.processIds());
            Service service = waited.matched().response().orElseThrow().services().get(0);
            assertThat(service.taskDefinition()).isEqualTo(good);
            assertThat(service.events()).anySatisfy(e -> assertThat(e.message()).contains("rolling back"));
            List<Task> failed = tasks(ecs, "worker", DesiredStatus.STOPPED).stream()
                    .filter(t -> t.taskDefinitionArn().equals(broken)).toList();
            assertThat(failed).hasSizeGreaterThanOrEqualTo(3)
                    .allSatisfy(t -> assertThat(t.stoppedReason()).contains("ResourceInitializationError"));
            assertThat(tasks(ecs, "worker", DesiredStatus.RUNNING)).singleElement()
                    .satisfies(t -> assertThat(t.taskDefinitionArn()).isEqualTo(good));
        }
    }

    /**
     * Like ECS: scaling a service whose only deployment is COMPLETED starts no new deployment, so the circuit breaker
     * (which watches IN_PROGRESS deployments) stays out of it; the scheduler keeps relaunching and counts every task
     * that fails to start on the primary deployment.
     */
    @Test
    void scalingUpACompletedDeploymentWhoseTasksCannotStartKeepsRelaunchingAndCountsFailures() throws Exception {
        try (EcsClient ecs = clients.ecs()) {
            String broken = register(ecs, "redash-adhoc-worker", "/ferry/redash/MISSING_ADHOC");
            ecs.createService(r -> r.cluster(CLUSTER).serviceName("adhoc-worker").taskDefinition(broken).desiredCount(0)
                    .deploymentConfiguration(d -> d.deploymentCircuitBreaker(b -> b.enable(true).rollback(true))));
            // servicesStable holds at once at 0 tasks; the scheduler completes the rollout on its next tick
            Deployment created = primary(ecs, "adhoc-worker");
            for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                 !"COMPLETED".equals(created.rolloutStateAsString()) && System.nanoTime() < deadline; Thread.sleep(100)) {
                created = primary(ecs, "adhoc-worker");
            }
            assertThat(created.rolloutStateAsString()).isEqualTo("COMPLETED");

            ecs.updateService(r -> r.cluster(CLUSTER).service("adhoc-worker").desiredCount(2));
            Deployment primary = primary(ecs, "adhoc-worker");
            for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                 primary.failedTasks() < 5 && System.nanoTime() < deadline; Thread.sleep(200)) {
                primary = primary(ecs, "adhoc-worker");
            }
            Service service = ecs.describeServices(r -> r.cluster(CLUSTER).services("adhoc-worker")).services().get(0);
            ecs.updateService(r -> r.cluster(CLUSTER).service("adhoc-worker").desiredCount(0));

            assertThat(primary.failedTasks()).as("failed tasks counted on the COMPLETED deployment")
                    .isGreaterThanOrEqualTo(5);
            assertThat(primary.rolloutStateAsString()).isEqualTo("COMPLETED");
            assertThat(service.deployments()).hasSize(1);
            assertThat(service.runningCount()).isZero();
            // scaling to 0 may also stop a task that was still provisioning: that one is no failure
            List<Task> failed = tasks(ecs, "adhoc-worker", DesiredStatus.STOPPED).stream()
                    .filter(t -> "TaskFailedToStart".equals(t.stopCodeAsString())).toList();
            assertThat(failed).hasSizeGreaterThanOrEqualTo(5).allSatisfy(t -> {
                assertThat(t.stoppedReason()).startsWith("ResourceInitializationError").contains("MISSING_ADHOC");
                assertThat(t.startedAt()).isNull();
            });
        }
    }

    /** With nothing to roll back to, a tripped circuit breaker marks the deployment FAILED and stops launching. */
    @Test
    void circuitBreakerWithNothingToRollBackToMarksTheDeploymentFailed() throws Exception {
        try (EcsClient ecs = clients.ecs()) {
            String broken = register(ecs, "redash-scheduled-worker", "/ferry/redash/MISSING_SCHEDULED");
            ecs.createService(r -> r.cluster(CLUSTER).serviceName("scheduled-worker").taskDefinition(broken)
                    .desiredCount(1).deploymentConfiguration(d -> d.deploymentCircuitBreaker(b -> b.enable(true)
                            .rollback(true))));
            Deployment primary = primary(ecs, "scheduled-worker");
            for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                 !primary.rolloutStateAsString().equals("FAILED") && System.nanoTime() < deadline; Thread.sleep(200)) {
                primary = primary(ecs, "scheduled-worker");
            }
            assertThat(primary.rolloutStateAsString()).isEqualTo("FAILED");
            assertThat(primary.rolloutStateReason()).contains("circuit breaker");
            assertThat(primary.failedTasks()).isEqualTo(3);
            Thread.sleep(1500);
            assertThat(primary(ecs, "scheduled-worker").failedTasks()).as("no more launches").isEqualTo(3);
            ecs.updateService(r -> r.cluster(CLUSTER).service("scheduled-worker").desiredCount(0));
        }
    }

    private static Deployment primary(EcsClient ecs, String service) {
        return ecs.describeServices(r -> r.cluster(CLUSTER).services(service)).services().get(0).deployments().stream()
                .filter(d -> d.status().equals("PRIMARY")).findFirst().orElseThrow();
    }

    @Test
    void missingClusterAndServiceAreTheSdkExceptions() {
        try (EcsClient ecs = clients.ecs()) {
            assertThatThrownBy(() -> ecs.describeServices(r -> r.cluster("nope").services("server")))
                    .isInstanceOf(ClusterNotFoundException.class);
            assertThatThrownBy(() -> ecs.updateService(r -> r.cluster(CLUSTER).service("nope").desiredCount(1)))
                    .isInstanceOf(ServiceNotFoundException.class);
            assertThat(ecs.describeServices(r -> r.cluster(CLUSTER).services("nope")).failures())
                    .singleElement().satisfies(f -> assertThat(f.reason()).isEqualTo("MISSING"));
            assertThat(ecs.describeTaskDefinition(r -> r.taskDefinition(register(ecs, "redash-adhoc", null)))
                    .taskDefinition().containerDefinitions().get(0).name()).isEqualTo("app");
        }
    }

    private static String register(EcsClient ecs, String family, String secretParameter) {
        ContainerDefinition.Builder container = ContainerDefinition.builder().name("app").image("redash/redash:10.1.0")
                .essential(true).command("server").environment(e -> e.name("REDASH_LOG_LEVEL").value("INFO"))
                .portMappings(p -> p.containerPort(5000));
        if (secretParameter != null) {
            container.secrets(s -> s.name("REDASH_SECRET_KEY").valueFrom(
                    "arn:aws:ssm:us-east-1:123456789012:parameter" + secretParameter));
        }
        return ecs.registerTaskDefinition(r -> r.family(family).networkMode(NetworkMode.AWSVPC).cpu("256").memory("512")
                .requiresCompatibilitiesWithStrings("FARGATE").containerDefinitions(container.build()))
                .taskDefinition().taskDefinitionArn();
    }

    private static List<Task> tasks(EcsClient ecs, String service, DesiredStatus status) {
        List<String> arns = ecs.listTasks(r -> r.cluster(CLUSTER).serviceName(service).desiredStatus(status)).taskArns();
        return arns.isEmpty() ? List.of() : ecs.describeTasks(r -> r.cluster(CLUSTER).tasks(arns)).tasks();
    }
}
