package dev.ferry.sandbox.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.InvalidChangeBatchException;
import software.amazon.awssdk.services.route53.model.NoSuchHostedZoneException;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterAlreadyExistsException;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** EC2 security groups, SSM, CloudWatch Logs and Route53 through the real SDK v2 clients. */
@SuppressWarnings("unchecked") // the SDK's Consumer<Builder>... parameters
class SandboxAwsConfigServicesTest {
    private static SandboxAws aws;
    private static Clients clients;

    @BeforeAll
    static void start(@TempDir Path work) {
        aws = SandboxAws.start(SandboxWorld.defaults(), Delays.fast(), work);
        clients = Clients.of(aws);
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    @Test
    void securityGroupsRoundTripWithTagsFiltersRulesAndErrors() {
        try (Ec2Client ec2 = clients.ec2()) {
            String vpc = aws.world().vpc().id();
            String db = ec2.createSecurityGroup(r -> r.groupName("redash-db").description("db").vpcId(vpc)
                    .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.SECURITY_GROUP)
                            .tags(Tag.builder().key("ferry:plan").value("redash").build()).build())).groupId();
            assertThatThrownBy(() -> ec2.createSecurityGroup(r -> r.groupName("redash-db").description("db").vpcId(vpc)))
                    .isInstanceOf(Ec2Exception.class)
                    .satisfies(e -> assertThat(((Ec2Exception) e).awsErrorDetails().errorCode()).isEqualTo("InvalidGroup.Duplicate"));

            ec2.authorizeSecurityGroupIngress(r -> r.groupId(db).ipPermissions(IpPermission.builder().ipProtocol("tcp")
                    .fromPort(5432).toPort(5432).userIdGroupPairs(UserIdGroupPair.builder()
                            .groupId(aws.world().hostGroup().id()).build()).build()));
            List<SecurityGroup> tagged = ec2.describeSecurityGroups(r -> r.filters(
                    Filter.builder().name("tag:ferry:plan").values("redash").build(),
                    Filter.builder().name("vpc-id").values(vpc).build())).securityGroups();
            assertThat(tagged).singleElement().satisfies(g -> {
                assertThat(g.groupId()).isEqualTo(db);
                assertThat(g.ipPermissions()).singleElement().satisfies(p -> {
                    assertThat(p.fromPort()).isEqualTo(5432);
                    assertThat(p.userIdGroupPairs().get(0).groupId()).isEqualTo(aws.world().hostGroup().id());
                    assertThat(p.ipRanges()).isEmpty();
                });
            });
            assertThat(ec2.describeSecurityGroups(r -> r.filters(Filter.builder().name("group-name")
                    .values("redash-d*").build())).securityGroups()).extracting(SecurityGroup::groupId).containsExactly(db);
            assertThat(ec2.describeSubnets(r -> r.filters(Filter.builder().name("vpc-id").values(vpc).build()))
                    .subnets()).hasSize(2);
            assertThat(ec2.describeVpcs(r -> r.vpcIds(vpc)).vpcs().get(0).cidrBlock()).isEqualTo("10.0.0.0/16");

            ec2.deleteSecurityGroup(r -> r.groupId(db));
            assertThatThrownBy(() -> ec2.describeSecurityGroups(r -> r.groupIds(db)))
                    .satisfies(e -> assertThat(((Ec2Exception) e).awsErrorDetails().errorCode()).isEqualTo("InvalidGroup.NotFound"));
        }
    }

    @Test
    void ssmSecureStringsArePutReadByPathTaggedAndDeleted() {
        try (SsmClient ssm = clients.ssm()) {
            ssm.putParameter(r -> r.name("/ferry/redash/DATABASE_URL").value("postgresql://u:p@h/db")
                    .type(ParameterType.SECURE_STRING).tags(software.amazon.awssdk.services.ssm.model.Tag.builder()
                            .key("ferry:plan").value("redash").build()));
            ssm.putParameter(r -> r.name("/ferry/redash/REDASH_SECRET_KEY").value("s3cr3t").type(ParameterType.SECURE_STRING));
            assertThatThrownBy(() -> ssm.putParameter(r -> r.name("/ferry/redash/REDASH_SECRET_KEY").value("x")
                    .type(ParameterType.SECURE_STRING))).isInstanceOf(ParameterAlreadyExistsException.class);
            assertThat(ssm.putParameter(r -> r.name("/ferry/redash/REDASH_SECRET_KEY").value("s3cr3t2")
                    .type(ParameterType.SECURE_STRING).overwrite(true)).version()).isEqualTo(2L);

            assertThat(ssm.getParameter(r -> r.name("/ferry/redash/REDASH_SECRET_KEY").withDecryption(true))
                    .parameter().value()).isEqualTo("s3cr3t2");
            assertThat(ssm.getParameter(r -> r.name("/ferry/redash/REDASH_SECRET_KEY")).parameter().value())
                    .isNotEqualTo("s3cr3t2");
            assertThat(ssm.getParametersByPath(r -> r.path("/ferry/redash").withDecryption(true)).parameters())
                    .hasSize(2);
            assertThat(ssm.listTagsForResource(r -> r.resourceType("Parameter").resourceId("/ferry/redash/DATABASE_URL"))
                    .tagList()).singleElement().satisfies(t -> assertThat(t.value()).isEqualTo("redash"));
            assertThat(ssm.describeParameters(r -> r.parameterFilters(f -> f.key("tag:ferry:plan")))
                    .parameters()).hasSize(1);

            assertThat(ssm.deleteParameters(r -> r.names("/ferry/redash/DATABASE_URL", "/nope")).invalidParameters())
                    .containsExactly("/nope");
            ssm.deleteParameter(r -> r.name("/ferry/redash/REDASH_SECRET_KEY"));
            assertThatThrownBy(() -> ssm.getParameter(r -> r.name("/ferry/redash/REDASH_SECRET_KEY")))
                    .isInstanceOf(ParameterNotFoundException.class);
        }
    }

    @Test
    void logGroupsKeepRetentionAndTags() {
        try (CloudWatchLogsClient logs = clients.logs()) {
            logs.createLogGroup(r -> r.logGroupName("/ferry/redash").tags(java.util.Map.of("ferry:plan", "redash")));
            assertThatThrownBy(() -> logs.createLogGroup(r -> r.logGroupName("/ferry/redash")))
                    .isInstanceOf(ResourceAlreadyExistsException.class);
            logs.putRetentionPolicy(r -> r.logGroupName("/ferry/redash").retentionInDays(30));
            var group = logs.describeLogGroups(r -> r.logGroupNamePrefix("/ferry/")).logGroups().get(0);
            assertThat(group.retentionInDays()).isEqualTo(30);
            assertThat(logs.listTagsForResource(r -> r.resourceArn(group.logGroupArn())).tags())
                    .containsEntry("ferry:plan", "redash");
            logs.deleteLogGroup(r -> r.logGroupName("/ferry/redash"));
            assertThat(logs.describeLogGroups(r -> r.logGroupNamePrefix("/ferry/")).logGroups()).isEmpty();
        }
    }

    @Test
    void route53ChangesBecomeInsyncAndAreListedAndResolved() {
        try (Route53Client route53 = clients.route53()) {
            var zone = route53.listHostedZones().hostedZones().get(0);
            assertThat(zone.name()).isEqualTo("example.com.");
            var alb = aws.world().loadBalancer();
            ResourceRecordSet alias = ResourceRecordSet.builder().name("redash-new.example.com").type(RRType.A)
                    .aliasTarget(a -> a.hostedZoneId(alb.canonicalHostedZoneId()).dnsName(alb.dnsName())
                            .evaluateTargetHealth(false)).build();
            var change = route53.changeResourceRecordSets(r -> r.hostedZoneId(zone.id()).changeBatch(b -> b
                    .changes(c -> c.action(ChangeAction.UPSERT).resourceRecordSet(alias)))).changeInfo();
            assertThat(change.status()).isEqualTo(ChangeStatus.PENDING);
            var waited = route53.waiter().waitUntilResourceRecordSetsChanged(r -> r.id(change.id()),
                    Clients.quickWaiter(Duration.ofSeconds(20)));
            assertThat(waited.matched().response().orElseThrow().changeInfo().status()).isEqualTo(ChangeStatus.INSYNC);
            assertThat(waited.attemptsExecuted()).isGreaterThan(1);

            ResourceRecordSet cname = ResourceRecordSet.builder().name("redash.example.com").type(RRType.CNAME).ttl(60L)
                    .resourceRecords(v -> v.value("redash-new.example.com")).build();
            route53.changeResourceRecordSets(r -> r.hostedZoneId(zone.id()).changeBatch(b -> b
                    .changes(c -> c.action(ChangeAction.CREATE).resourceRecordSet(cname))));
            assertThatThrownBy(() -> route53.changeResourceRecordSets(r -> r.hostedZoneId(zone.id()).changeBatch(b -> b
                    .changes(c -> c.action(ChangeAction.CREATE).resourceRecordSet(cname)))))
                    .isInstanceOf(InvalidChangeBatchException.class).hasMessageContaining("already exists");
            assertThat(route53.listResourceRecordSets(r -> r.hostedZoneId(zone.id())).resourceRecordSets())
                    .extracting(ResourceRecordSet::name).contains("redash.example.com.", "redash-new.example.com.");
            assertThat(aws.resolve("redash.example.com")).hasValueSatisfying(a -> {
                assertThat(a.alias()).isTrue();
                assertThat(a.values()).containsExactly(alb.dnsName() + ".");
            });

            route53.changeResourceRecordSets(r -> r.hostedZoneId(zone.id()).changeBatch(b -> b
                    .changes(c -> c.action(ChangeAction.DELETE).resourceRecordSet(cname))));
            assertThat(aws.resolve("redash.example.com")).isEmpty();
            assertThatThrownBy(() -> route53.getHostedZone(r -> r.id("ZNOPE"))).isInstanceOf(NoSuchHostedZoneException.class);
        }
    }

    @Test
    void throttledCallsAreRetriedBySdk() {
        try (Ec2Client ec2 = clients.ec2(); SsmClient ssm = clients.ssm()) {
            int before = aws.faults().calls("ec2", "DescribeVpcs");
            aws.faults().throttleNext("ec2", "DescribeVpcs", 2);
            assertThat(ec2.describeVpcs().vpcs()).hasSize(1);
            assertThat(aws.faults().calls("ec2", "DescribeVpcs") - before).isEqualTo(3);

            int ssmBefore = aws.faults().calls("ssm", "DescribeParameters");
            aws.faults().throttleNext("ssm", "DescribeParameters", 1).failNext("ssm", "DescribeParameters", 1);
            ssm.describeParameters();
            assertThat(aws.faults().calls("ssm", "DescribeParameters") - ssmBefore).isEqualTo(3);
        }
    }
}
