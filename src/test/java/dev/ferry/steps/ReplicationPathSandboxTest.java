package dev.ferry.steps;

import static dev.ferry.testing.FerryCli.ferry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.aws.AwsSettings;
import dev.ferry.aws.SdkAwsPorts;
import dev.ferry.host.SshOptions;
import dev.ferry.host.SshShell;
import dev.ferry.plan.Plan;
import dev.ferry.plan.PlanLoader;
import dev.ferry.plan.StepIds;
import dev.ferry.sandbox.host.RedashSandbox;
import dev.ferry.step.Action;
import dev.ferry.testing.FerryCli.Result;
import dev.ferry.testing.SandboxWorlds;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The rule that lets RDS reach the host's PostgreSQL, through the CLI against the sandbox AWS endpoint and the sandbox
 * host's real PostgreSQL 12: added once (a resume after a failure right after it finds it), revoked by a rollback
 * before the cutover (a rollback whose revoke AWS refused, run again, converges), gone after stop-replication; an
 * identical rule of the operator's is used and survives everything, so does another plan's; decommission's leftovers
 * action revokes one a crash left behind, and finds none the second time.
 */
class ReplicationPathSandboxTest {
    private static final String PLAN = "sbx-path";
    private static SandboxWorlds worlds;
    private static ReplicateFixture fixture;
    private static Ec2Client ec2;
    private static String host;

    @BeforeAll
    static void start() throws Exception {
        worlds = SandboxWorlds.start(PLAN, RedashSandbox.POSTGRES_IMAGE);
        fixture = new ReplicateFixture(worlds, PLAN);
        MoveDatabaseReplicateSandboxTest.writePlan(worlds, "replicate");
        fixture.postgresCommand(MoveDatabaseReplicateSandboxTest.LOGICAL);
        ec2 = Ec2Client.builder().region(worlds.aws.region()).endpointOverride(worlds.aws.endpoint())
                .credentialsProvider(worlds.aws.credentials()).build();
        host = worlds.aws.world().hostGroup().id();
    }

    @AfterAll
    static void stop() {
        if (ec2 != null) {
            ec2.close();
        }
        if (worlds != null) {
            worlds.close();
        }
    }

    @Test
    void addedOnceRevokedWithTheReplicationAndNobodyElsesRuleTouched() throws Exception {
        String lb = worlds.aws.world().loadBalancer().securityGroupId();
        String othersOnThePort = authorize(5432, lb, "someone-else");
        Set<String> before = ruleIds();
        assertThat(before).contains(othersOnThePort).hasSizeGreaterThan(1);

        fixture.failAfter = ReplicationPath.OPEN;
        Result failed = ferry(fixture.wiring(), "run", worlds.plan.toString(), "--yes");
        assertThat(failed.code()).as(failed.err()).isNotZero();
        String db = databaseGroup();
        SecurityGroupRule rule = ours().get(0);
        assertThat(ours()).hasSize(1);
        assertThat(List.of(rule.ipProtocol(), rule.fromPort(), rule.toPort(), rule.referencedGroupInfo().groupId()))
                .containsExactly("tcp", 5432, 5432, db);
        assertThat(rule.cidrIpv4()).isNull();
        assertThat(rule.description()).isEqualTo("ferry plan " + PLAN + ": RDS logical replication from " + db);
        assertThat(failed.err()).contains(host + " admits " + db + " on tcp/5432: rule " + rule.securityGroupRuleId()
                + " added, tagged ferry:plan=" + PLAN);

        fixture.failAfter = ReplicationActions.START;
        Result resumed = ferry(fixture.wiring(), "resume", worlds.plan.toString(), "--yes");
        assertThat(resumed.err()).contains("injected failure after start-replication",
                "rule " + rule.securityGroupRuleId() + " already there");
        assertThat(ours()).extracting(SecurityGroupRule::securityGroupRuleId).containsExactly(rule.securityGroupRuleId());

        // the rollback drops the subscription, then AWS refuses the revoke; run again, it converges
        worlds.aws.faults().deny("ec2", "RevokeSecurityGroupIngress");
        Result refused = ferry(fixture.wiring(), "rollback", worlds.plan.toString(), "--last", "--yes");
        worlds.aws.faults().clear();
        assertThat(refused.code()).as(refused.err()).isNotZero();
        assertThat(refused.err()).contains("RevokeSecurityGroupIngress");
        assertThat(ours()).hasSize(1);
        fixture.failAfter = "";
        Result rolledBack = ferry(fixture.wiring(), "rollback", worlds.plan.toString(), "--last", "--yes");
        assertThat(rolledBack.code()).as(rolledBack.err()).isZero();
        assertThat(rolledBack.err()).contains("revoked " + rule.securityGroupRuleId());
        assertThat(ours()).isEmpty();
        assertThat(ruleIds()).isEqualTo(before);
        assertThat(fixture.replicationObjects(worlds.local(), fixture.rds())).isEmpty();

        Result moved = ferry(fixture.wiring(), "run", worlds.plan.toString(), "--yes");
        assertThat(moved.code()).as(moved.err()).isZero();
        assertThat(moved.err()).contains("added, tagged ferry:plan=" + PLAN, "dropped subscription ferry_sbx_path_sub")
                .containsPattern("revoked sgr-[0-9a-f]{17} \\(" + db + " into " + host + " on tcp/5432\\)");
        assertThat(ruleIds()).isEqualTo(before);
        Result back = ferry(fixture.wiring(), "rollback", worlds.plan.toString(), "--last", "--yes");
        assertThat(back.code()).as(back.err()).isZero();
        assertThat(back.err()).contains("replication already dropped", "no rule of this plan admits " + db);
        assertThat(ruleIds()).isEqualTo(before);

        theOperatorsIdenticalRuleIsUsedAndKept(db, before);
        decommissionRevokesALeftoverRule(db, before);
    }

    private void theOperatorsIdenticalRuleIsUsedAndKept(String db, Set<String> before) throws Exception {
        String operators = authorize(5432, db, null);
        fixture.failAfter = ReplicationActions.START;
        Result failed = ferry(fixture.wiring(), "run", worlds.plan.toString(), "--yes");
        assertThat(failed.err()).contains("by rule " + operators + ", which ferry did not add (untagged",
                "will never revoke it");
        assertThat(Files.readString(worlds.root.resolve(".ferry").resolve(PLAN).resolve("state.json")))
                .containsPattern("\"replicationRuleOurs\"\\s*:\\s*\"false\"");
        fixture.failAfter = "";
        Result rolledBack = ferry(fixture.wiring(), "rollback", worlds.plan.toString(), "--last", "--yes");
        assertThat(rolledBack.code()).as(rolledBack.err()).isZero();
        assertThat(ruleIds()).containsAll(before).contains(operators).hasSize(before.size() + 1);
        ec2.revokeSecurityGroupIngress(r -> r.groupId(host).securityGroupRuleIds(operators));
    }

    /** A crash between the authorize and the state left this plan's rule, beside another plan's identical-port one. */
    private void decommissionRevokesALeftoverRule(String db, Set<String> before) throws Exception {
        String leftover = authorize(5432, db, PLAN);
        Plan plan = new PlanLoader().load(worlds.plan).plan();
        Map<String, String> outputs = new HashMap<>(Map.of(StepIds.PROVISION + "." + ReplicationPath.DB_GROUP, db));
        AwsSettings settings = AwsSettings.defaults().withRegion(worlds.aws.region().id())
                .withEndpoint(worlds.aws.endpoint()).withCredentials(worlds.aws.credentials());
        Action leftovers = new LeftoverReplication(plan, new HostActions(plan, StepIds.DECOMMISSION)).action();
        try (SshShell shell = SshShell.open(worlds.source, SshOptions.isolated());
             SdkAwsPorts aws = SdkAwsPorts.connect(settings)) {
            HostActionContext first = new HostActionContext(shell, plan, outputs, StepIds.DECOMMISSION, aws);
            leftovers.body().run(first);
            assertThat(first.progress).contains("revoked " + leftover + " (" + db + " into " + host + " on tcp/5432)");
            HostActionContext second = new HostActionContext(shell, plan, outputs, StepIds.DECOMMISSION, aws);
            leftovers.body().run(second);
            assertThat(second.progress).anyMatch(p -> p.startsWith("no rule of this plan admits"));
        }
        assertThat(ruleIds()).isEqualTo(before);
    }

    /** A rule tagged for {@code plan} (none when null), as the operator or another plan would add it. */
    private static String authorize(int port, String source, String plan) {
        return ec2.authorizeSecurityGroupIngress(r -> {
            r.groupId(host).ipPermissions(p -> p.ipProtocol("tcp").fromPort(port).toPort(port)
                    .userIdGroupPairs(g -> g.groupId(source)));
            if (plan != null) {
                r.tagSpecifications(t -> t.resourceType(ResourceType.SECURITY_GROUP_RULE)
                        .tags(Tag.builder().key("ferry:plan").value(plan).build()));
            }
        }).securityGroupRules().get(0).securityGroupRuleId();
    }

    private static List<SecurityGroupRule> ingress() {
        return ec2.describeSecurityGroupRules(r -> r.filters(Filter.builder().name("group-id").values(host).build()))
                .securityGroupRules().stream().filter(r -> !r.isEgress()).toList();
    }

    private static Set<String> ruleIds() {
        return ingress().stream().map(SecurityGroupRule::securityGroupRuleId).collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<SecurityGroupRule> ours() {
        return ingress().stream().filter(r -> r.tags().stream().anyMatch(t -> t.key().equals("ferry:plan")
                && t.value().equals(PLAN))).toList();
    }

    private static String databaseGroup() {
        return ec2.describeSecurityGroups(r -> r.filters(Filter.builder().name("group-name").values(PLAN + "-db")
                .build())).securityGroups().get(0).groupId();
    }
}
