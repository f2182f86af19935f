package dev.ferry.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.step.AwsRequests.ServiceRequest;
import dev.ferry.step.AwsRequests.TaskDefinitionRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/** CloudWatch Logs and ECS (cluster, task definitions, services) against moto. */
class ContainersMotoTest extends MotoTest {
    private static final String CLUSTER = "redash-test";
    private static final String ROLE = "arn:aws:iam::123456789012:role/ecsTaskExecution";

    @Test
    void logGroupIsCreatedOnceWithRetentionAndTagsAndDeletedIdempotently() {
        aws.ensureLogGroup("/ferry/redash-test", 30, TAGS);
        aws.ensureLogGroup("/ferry/redash-test", 30, TAGS);

        var groups = clients.logs().describeLogGroups(r -> r.logGroupNamePrefix("/ferry/")).logGroups();
        assertThat(groups).singleElement().satisfies(g -> assertThat(g.retentionInDays()).isEqualTo(30));
        assertThat(clients.logs().listTagsLogGroup(r -> r.logGroupName("/ferry/redash-test")).tags())
                .containsEntry("ferry:plan", PLAN);

        aws.deleteLogGroup("/ferry/redash-test", OWNER);
        aws.deleteLogGroup("/ferry/redash-test", OWNER);
        assertThat(clients.logs().describeLogGroups(r -> r.logGroupNamePrefix("/ferry/")).logGroups()).isEmpty();
    }

    @Test
    void logGroupNotTaggedForThePlanIsRefused() {
        clients.logs().createLogGroup(r -> r.logGroupName("/app/redash"));

        assertThatThrownBy(() -> aws.ensureLogGroup("/app/redash", 30, TAGS))
                .hasMessageContaining("log group '/app/redash' already exists and is not tagged ferry:plan");
    }

    @Test
    void clusterIsCreatedOnceAndDeletedIdempotently() {
        String first = aws.ensureCluster(CLUSTER, TAGS);
        String second = aws.ensureCluster(CLUSTER, TAGS);

        assertThat(second).isEqualTo(first);
        assertThat(clients.ecs().listClusters().clusterArns()).containsExactly(first);
        aws.deleteCluster(CLUSTER, OWNER);
        aws.deleteCluster(CLUSTER, OWNER);
        assertThat(clients.ecs().describeClusters(r -> r.clusters(CLUSTER)).clusters())
                .allSatisfy(c -> assertThat(c.status()).isEqualTo("INACTIVE"));
    }

    @Test
    void taskDefinitionIsFargateWithLogsSecretsPortAndHealthCheck() {
        aws.putSecureParameter("/redash-test/REDASH_SECRET_KEY", "k", TAGS);

        String arn = aws.registerTaskDefinition(server(Map.of("REDASH_SECRET_KEY", "/redash-test/REDASH_SECRET_KEY")));

        TaskDefinition td = clients.ecs().describeTaskDefinition(r -> r.taskDefinition(arn)).taskDefinition();
        assertThat(td.networkModeAsString()).isEqualTo("awsvpc");
        assertThat(td.requiresCompatibilitiesAsStrings()).containsExactly("FARGATE");
        assertThat(td.cpu()).isEqualTo("512");
        assertThat(td.memory()).isEqualTo("1024");
        assertThat(td.executionRoleArn()).isEqualTo(ROLE);
        ContainerDefinition c = td.containerDefinitions().get(0);
        assertThat(c.name()).isEqualTo("redash-test-server");
        assertThat(c.logConfiguration().logDriverAsString()).isEqualTo("awslogs");
        assertThat(c.logConfiguration().options()).containsEntry("awslogs-group", "/ferry/redash-test")
                .containsEntry("awslogs-region", "us-east-1");
        // a same-region parameter is referenced by name, as ECS allows: it may not exist yet at registration
        assertThat(c.secrets()).singleElement().satisfies(s -> assertThat(s.valueFrom())
                .isEqualTo("/redash-test/REDASH_SECRET_KEY"));
        assertThat(c.portMappings()).singleElement().satisfies(p -> assertThat(p.containerPort()).isEqualTo(5000));
        assertThat(c.healthCheck().command()).contains("CMD-SHELL");
        assertThat(c.command()).containsExactly("server");
    }

    @Test
    void identicalTaskDefinitionKeepsItsRevisionAndAChangeRegistersANewOne() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("B", "2");
        env.put("A", "1");
        String first = aws.registerTaskDefinition(worker(env, "redash/redash:10.1.0"));
        String same = aws.registerTaskDefinition(worker(Map.of("A", "1", "B", "2"), "redash/redash:10.1.0"));
        String changed = aws.registerTaskDefinition(worker(env, "redash/redash:25.1.0"));

        assertThat(same).isEqualTo(first);
        assertThat(changed).isNotEqualTo(first).endsWith(":2");
        assertThat(clients.ecs().describeTaskDefinition(r -> r.taskDefinition(first)).taskDefinition()
                .containerDefinitions().get(0).healthCheck()).isNull();

        aws.deregisterTaskDefinitions("redash-test-worker", OWNER);
        aws.deregisterTaskDefinitions("redash-test-worker", OWNER);
        assertThat(clients.ecs().listTaskDefinitions(r -> r.familyPrefix("redash-test-worker").status("ACTIVE"))
                .taskDefinitionArns()).isEmpty();
    }

    @Test
    void singletonServiceNeverRunsTwoTasksAndOthersRollBackOnFailure() throws IOException {
        aws.ensureCluster(CLUSTER, TAGS);
        String sg = aws.ensureSecurityGroup("redash-app", vpcId, "app", TAGS);
        String scheduler = aws.registerTaskDefinition(worker(Map.of(), "redash/redash:10.1.0"));

        aws.ensureService(service("redash-test-scheduler", scheduler, sg, true));
        aws.ensureService(service("redash-test-scheduler", scheduler, sg, true));
        aws.ensureService(service("redash-test-worker", scheduler, sg, false));

        assertThat(clients.ecs().listServices(r -> r.cluster(CLUSTER)).serviceArns()).hasSize(2);
        Service single = describe("redash-test-scheduler");
        assertThat(single.launchTypeAsString()).isEqualTo("FARGATE");
        var network = single.networkConfiguration().awsvpcConfiguration();
        assertThat(network.subnets()).containsExactlyElementsOf(subnetIds);
        assertThat(network.securityGroups()).containsExactly(sg);
        assertThat(network.assignPublicIpAsString()).isEqualTo("DISABLED");
        assertThat(single.tags()).anyMatch(t -> t.key().equals("ferry:plan") && t.value().equals(PLAN));
        // moto does not echo deploymentConfiguration back, so check what moto received
        List<JsonNode> creates = createServiceRequests();
        assertThat(creates).hasSize(2);
        JsonNode singleton = creates.get(0).path("deploymentConfiguration");
        assertThat(singleton.path("minimumHealthyPercent").asInt(-1)).isZero();
        assertThat(singleton.path("maximumPercent").asInt()).isEqualTo(100);
        assertThat(singleton.has("deploymentCircuitBreaker")).isFalse();
        JsonNode breaker = creates.get(1).path("deploymentConfiguration").path("deploymentCircuitBreaker");
        assertThat(breaker.path("enable").asBoolean()).isTrue();
        assertThat(breaker.path("rollback").asBoolean()).isTrue();
    }

    @Test
    void serviceWithATargetGroupIsAttachedToItAndFollowsNewRevisions() {
        aws.ensureCluster(CLUSTER, TAGS);
        String sg = aws.ensureSecurityGroup("redash-app", vpcId, "app", TAGS);
        String tg = aws.ensureTargetGroup("redash-test-server", vpcId, 5000, "/ping", TAGS);
        String v1 = aws.registerTaskDefinition(server(Map.of()));
        ServiceRequest request = new ServiceRequest(CLUSTER, "redash-test-server", v1, subnetIds, sg, 0, false, tg,
                "redash-test-server", 5000, TAGS);

        aws.ensureService(request);
        String v2 = aws.registerTaskDefinition(new TaskDefinitionRequest("redash-test-server", "redash/redash:25.1.0",
                List.of("server"), Map.of(), Map.of(), 512, 1024, 5000, ROLE, null, "/ferry/redash-test", "us-east-1",
                TAGS));
        aws.ensureService(new ServiceRequest(CLUSTER, "redash-test-server", v2, subnetIds, sg, 0, false, tg,
                "redash-test-server", 5000, TAGS));

        Service service = describe("redash-test-server");
        assertThat(service.loadBalancers()).singleElement().satisfies(lb -> {
            assertThat(lb.targetGroupArn()).isEqualTo(tg);
            assertThat(lb.containerName()).isEqualTo("redash-test-server");
            assertThat(lb.containerPort()).isEqualTo(5000);
        });
        assertThat(service.taskDefinition()).isEqualTo(v2);
    }

    /**
     * moto reports a scaled service as running at once, but one created with tasks leaves them pending forever:
     * enough to see the services-stable waiter succeed and time out.
     */
    @Test
    void scalingWaitsWithTheServicesStableWaiter() {
        aws.ensureCluster(CLUSTER, TAGS);
        String sg = aws.ensureSecurityGroup("redash-app", vpcId, "app", TAGS);
        String td = aws.registerTaskDefinition(worker(Map.of(), "redash/redash:10.1.0"));
        aws.ensureService(service("redash-test-worker", td, sg, false));
        aws.ensureService(new ServiceRequest(CLUSTER, "redash-test-pending", td, subnetIds, sg, 1, false, null, null,
                null, TAGS));

        aws.awaitServiceStable(CLUSTER, "redash-test-worker", WAIT);
        aws.scaleService(CLUSTER, "redash-test-worker", 2, OWNER);
        aws.awaitServiceStable(CLUSTER, "redash-test-worker", WAIT);

        assertThat(describe("redash-test-worker").desiredCount()).isEqualTo(2);
        assertThatThrownBy(() -> aws.awaitServiceStable(CLUSTER, "redash-test-pending", Duration.ofSeconds(1)))
                .hasMessageContaining("service redash-test-pending did not become stable within 1 s")
                .hasMessageContaining("running 0 of 1");
    }

    /** ferry's own waiter (servicesStable's acceptors plus fail-fast) against an independent implementation. */
    @Test
    void stableWaiterSucceedsAtZeroAndFailsOnAMissingServiceWithWellFormedRequests() throws IOException {
        aws.ensureCluster(CLUSTER, TAGS);
        String sg = aws.ensureSecurityGroup("redash-app", vpcId, "app", TAGS);
        String td = aws.registerTaskDefinition(worker(Map.of(), "redash/redash:10.1.0"));
        aws.ensureService(service("redash-test-worker", td, sg, false));
        int before = moto.recorded("DescribeServices").size();

        aws.awaitServiceStable(CLUSTER, "redash-test-worker", WAIT);

        List<JsonNode> describes = new java.util.ArrayList<>();
        var recorded = moto.recorded("DescribeServices");
        for (var request : recorded.subList(before, recorded.size())) {
            describes.add(new ObjectMapper().readTree(request.body()));
        }
        assertThat(describes).as("the baseline read, then at least one poll").hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(body -> {
                    assertThat(body.path("cluster").asText()).isEqualTo(CLUSTER);
                    assertThat(body.path("services")).hasSize(1);
                    assertThat(body.path("services").get(0).asText()).isEqualTo("redash-test-worker");
                });
        assertThatThrownBy(() -> aws.awaitServiceStable(CLUSTER, "redash-test-nope", WAIT))
                .hasMessageContaining("service redash-test-nope reached state 'gone' instead of becoming stable");
    }

    @Test
    void deletingAServiceScalesItToZeroFirstAndIsThenANoOp() {
        aws.ensureCluster(CLUSTER, TAGS);
        String sg = aws.ensureSecurityGroup("redash-app", vpcId, "app", TAGS);
        String td = aws.registerTaskDefinition(worker(Map.of(), "redash/redash:10.1.0"));
        aws.ensureService(service("redash-test-worker", td, sg, false));
        aws.scaleService(CLUSTER, "redash-test-worker", 3, OWNER);

        aws.deleteService(CLUSTER, "redash-test-worker", WAIT, OWNER);
        aws.deleteService(CLUSTER, "redash-test-worker", WAIT, OWNER);

        Service gone = describe("redash-test-worker");
        assertThat(gone.status()).isEqualTo("INACTIVE");
        assertThat(gone.desiredCount()).isZero();
        assertThat(aws.runningTaskCount(CLUSTER, "redash-test-worker")).isZero();
    }

    private static List<JsonNode> createServiceRequests() throws IOException {
        List<JsonNode> bodies = new java.util.ArrayList<>();
        for (var request : moto.recorded("CreateService")) {
            bodies.add(new ObjectMapper().readTree(request.body()));
        }
        return bodies;
    }

    private Service describe(String name) {
        return clients.ecs().describeServices(r -> r.cluster(CLUSTER).services(name).include(
                software.amazon.awssdk.services.ecs.model.ServiceField.TAGS)).services().get(0);
    }

    private ServiceRequest service(String name, String taskDefinition, String sg, boolean singleton) {
        return new ServiceRequest(CLUSTER, name, taskDefinition, subnetIds, sg, 0, singleton, null, null, null, TAGS);
    }

    private static TaskDefinitionRequest server(Map<String, String> secrets) {
        return new TaskDefinitionRequest("redash-test-server", "redash/redash:10.1.0", List.of("server"),
                Map.of("REDASH_LOG_LEVEL", "INFO"), secrets, 512, 1024, 5000, ROLE, null, "/ferry/redash-test",
                "us-east-1", TAGS);
    }

    private static TaskDefinitionRequest worker(Map<String, String> env, String image) {
        return new TaskDefinitionRequest("redash-test-worker", image, List.of("worker"), env, Map.of(), 256, 512,
                null, ROLE, null, "/ferry/redash-test", "us-east-1", TAGS);
    }
}
