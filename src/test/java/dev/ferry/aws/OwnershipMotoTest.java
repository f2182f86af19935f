package dev.ferry.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.step.AwsRequests.CacheClusterRequest;
import dev.ferry.step.AwsRequests.DbInstanceRequest;
import dev.ferry.step.AwsRequests.ServiceRequest;
import dev.ferry.step.AwsRequests.TaskDefinitionRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every delete or change of an existing resource refuses one that another plan owns, naming that plan, and leaves
 * it as it was: a rollback of one plan can never remove another plan's database, secrets or logs.
 */
class OwnershipMotoTest extends MotoTest {
    private static final String NOT_OURS = "belongs to plan 'someone-else' (tag ferry:plan=someone-else), not to"
            + " 'redash-test'; ferry deletes only what this plan created, so it was not deleted";
    private static final String CLUSTER = "shared";

    @Test
    void securityGroupOfAnotherPlanIsNeitherDeletedNorGivenARule() {
        String other = aws.ensureSecurityGroup("shared-db", vpcId, "x", OTHER_PLAN);
        String ours = aws.ensureSecurityGroup("redash-test-tasks", vpcId, "x", TAGS);

        refused(() -> aws.deleteSecurityGroup(other, OWNER), "EC2 security group " + other + " 'shared-db' " + NOT_OURS);
        refused(() -> aws.allowIngress(other, 5432, ours, OWNER), "EC2 security group " + other + " 'shared-db'"
                + " belongs to plan 'someone-else' (tag ferry:plan=someone-else), not to 'redash-test'; ferry changes"
                + " only what this plan created, so it was not changed");

        var group = clients.ec2().describeSecurityGroups(r -> r.groupIds(other)).securityGroups().get(0);
        assertThat(group.ipPermissions()).isEmpty();
    }

    @Test
    void databaseAndItsGroupsOfAnotherPlanAreKept() {
        aws.ensureDbSubnetGroup("shared-db", subnetIds, OTHER_PLAN);
        aws.ensureDbParameterGroup("shared-pg16", "postgres16", OTHER_PLAN);
        aws.putSecureParameter("/shared/DB_PASSWORD", "correct-horse-battery", OTHER_PLAN);
        String sg = aws.ensureSecurityGroup("shared-db", vpcId, "db", OTHER_PLAN);
        aws.ensureDbInstance(new DbInstanceRequest("shared-db", "16.4", "db.t4g.micro", 20, "redash", "redash",
                "/shared/DB_PASSWORD", "shared-db", "shared-pg16", sg, 7, false, OTHER_PLAN));

        refused(() -> aws.deleteDbInstance("shared-db", WAIT, OWNER), "RDS DB instance 'shared-db' " + NOT_OURS);
        refused(() -> aws.deleteDbSubnetGroup("shared-db", OWNER), "RDS DB subnet group 'shared-db' " + NOT_OURS);
        refused(() -> aws.deleteDbParameterGroup("shared-pg16", OWNER),
                "RDS DB parameter group 'shared-pg16' " + NOT_OURS);

        assertThat(clients.rds().describeDBInstances().dbInstances()).singleElement()
                .satisfies(db -> assertThat(db.dbInstanceStatus()).isNotEqualTo("deleting"));
        assertThat(clients.rds().describeDBSubnetGroups().dbSubnetGroups()).hasSize(1);
        assertThat(clients.rds().describeDBParameterGroups(r -> r.dbParameterGroupName("shared-pg16"))
                .dbParameterGroups()).hasSize(1);
    }

    @Test
    void cacheOfAnotherPlanIsKept() {
        String sg = aws.ensureSecurityGroup("shared-cache", vpcId, "cache", OTHER_PLAN);
        aws.ensureCacheSubnetGroup("shared-cache", subnetIds, OTHER_PLAN);
        aws.ensureCacheCluster(new CacheClusterRequest("shared-redis", "cache.t4g.micro", "7.1", "shared-cache", sg,
                OTHER_PLAN));

        refused(() -> aws.deleteCacheCluster("shared-redis", WAIT, OWNER),
                "ElastiCache cache cluster 'shared-redis' " + NOT_OURS);
        refused(() -> aws.deleteCacheSubnetGroup("shared-cache", OWNER),
                "ElastiCache cache subnet group 'shared-cache' " + NOT_OURS);

        assertThat(clients.elastiCache().describeCacheClusters().cacheClusters()).singleElement()
                .satisfies(c -> assertThat(c.cacheClusterStatus()).isNotEqualTo("deleting"));
    }

    @Test
    void parametersAreCheckedAllBeforeAnyIsDeleted() {
        aws.putSecureParameter("/shared/A_OURS", "ours", TAGS);
        aws.putSecureParameter("/shared/B_THEIRS", "theirs", OTHER_PLAN);
        clients.ssm().putParameter(r -> r.name("/shared/C_NOBODYS").value("x").type("SecureString"));

        refused(() -> aws.deleteParameters(List.of("/shared/A_OURS", "/shared/B_THEIRS", "/gone"), OWNER),
                "SSM Parameter Store parameter '/shared/B_THEIRS' " + NOT_OURS);
        refused(() -> aws.deleteParameters(List.of("/shared/C_NOBODYS"), OWNER), "SSM Parameter Store parameter"
                + " '/shared/C_NOBODYS' is not tagged ferry:plan, so ferry did not create it and will not delete it");

        assertThat(aws.readSecureParameter("/shared/A_OURS")).contains("ours");
        assertThat(aws.readSecureParameter("/shared/B_THEIRS")).contains("theirs");
        aws.deleteParameters(List.of("/shared/A_OURS", "/gone"), OWNER);
        assertThat(aws.readSecureParameter("/shared/A_OURS")).isEmpty();
    }

    @Test
    void aParameterOfAnotherPlanIsNeverOverwrittenNorAdoptedAndAGeneratedOneIsWrittenOnce() {
        aws.putSecureParameter("/shared/DATABASE_PASSWORD", "theirs", OTHER_PLAN);
        assertThat(catchThrowable(() -> aws.putSecureParameter("/shared/DATABASE_PASSWORD", "ours", TAGS)))
                .hasMessageContaining("belongs to plan 'someone-else'");

        Throwable thrown = catchThrowable(() -> aws.putSecureParameterIfAbsent("/shared/DATABASE_PASSWORD",
                () -> "ours", TAGS));
        assertThat(thrown).hasMessageContaining("SSM Parameter Store parameter '/shared/DATABASE_PASSWORD' already"
                + " exists and belongs to plan 'someone-else'");
        assertThat(aws.readSecureParameter("/shared/DATABASE_PASSWORD")).contains("theirs");

        assertThat(aws.putSecureParameterIfAbsent("/redash-test/DATABASE_PASSWORD", () -> "first", TAGS)).isTrue();
        assertThat(aws.putSecureParameterIfAbsent("/redash-test/DATABASE_PASSWORD", () -> "second", TAGS)).isFalse();
        assertThat(aws.readSecureParameter("/redash-test/DATABASE_PASSWORD")).contains("first");
    }

    @Test
    void logGroupOfAnotherPlanIsNeitherAdoptedNorDeleted() {
        aws.ensureLogGroup("/ecs/shared", 30, OTHER_PLAN);

        assertThat(catchThrowable(() -> aws.ensureLogGroup("/ecs/shared", 7, TAGS))).hasMessageContaining(
                "CloudWatch Logs log group '/ecs/shared' already exists and belongs to plan 'someone-else'");
        refused(() -> aws.deleteLogGroup("/ecs/shared", OWNER), "CloudWatch Logs log group '/ecs/shared' " + NOT_OURS);

        assertThat(clients.logs().describeLogGroups(r -> r.logGroupNamePrefix("/ecs/shared")).logGroups())
                .singleElement().satisfies(g -> assertThat(g.retentionInDays()).isEqualTo(30));
        aws.deleteLogGroup("/ecs/never-existed", OWNER);
    }

    @Test
    void clusterServiceAndTaskDefinitionsOfAnotherPlanAreKept() {
        aws.ensureCluster(CLUSTER, OTHER_PLAN);
        String sg = aws.ensureSecurityGroup("shared-tasks", vpcId, "tasks", OTHER_PLAN);
        String td = aws.registerTaskDefinition(new TaskDefinitionRequest("shared-worker", "redash/redash:10.1.0",
                List.of("worker"), Map.of(), Map.of(), 256, 512, null, "arn:aws:iam::123456789012:role/exec", null,
                "/ecs/shared", "us-east-1", OTHER_PLAN));
        aws.ensureService(new ServiceRequest(CLUSTER, "shared-worker", td, subnetIds, sg, 1, false, null, null, null,
                OTHER_PLAN));

        refused(() -> aws.scaleService(CLUSTER, "shared-worker", 0, OWNER), "ECS service 'shared-worker' belongs"
                + " to plan 'someone-else' (tag ferry:plan=someone-else), not to 'redash-test'; ferry changes only what"
                + " this plan created, so it was not changed");
        refused(() -> aws.deleteService(CLUSTER, "shared-worker", WAIT, OWNER), "ECS service 'shared-worker' " + NOT_OURS);
        refused(() -> aws.deregisterTaskDefinitions("shared-worker", OWNER), "ECS task definition 'shared-worker:1' "
                + NOT_OURS);
        refused(() -> aws.deleteCluster(CLUSTER, OWNER), "ECS cluster 'shared' " + NOT_OURS);

        var service = clients.ecs().describeServices(r -> r.cluster(CLUSTER).services("shared-worker")).services();
        assertThat(service).singleElement().satisfies(s -> {
            assertThat(s.status()).isEqualTo("ACTIVE");
            assertThat(s.desiredCount()).isEqualTo(1);
        });
        assertThat(clients.ecs().listTaskDefinitions(r -> r.familyPrefix("shared-worker").status("ACTIVE"))
                .taskDefinitionArns()).containsExactly(td);
        assertThat(clients.ecs().describeClusters(r -> r.clusters(CLUSTER)).clusters().get(0).status())
                .isEqualTo("ACTIVE");
    }

    /** The refusal is a step failure starting with exactly this text; the engine adds the step's next action. */
    static void refused(Executable change, String message) {
        Throwable thrown = catchThrowable(change::execute);
        assertThat(thrown).isInstanceOf(FerryException.class).hasMessageStartingWith(message);
        assertThat(((FerryException) thrown).code()).isEqualTo(ErrorCode.STEP_FAILED);
    }
}
