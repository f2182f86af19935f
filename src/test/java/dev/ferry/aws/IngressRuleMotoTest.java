package dev.ferry.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.step.AwsChanges.RuleIngressRequest;
import dev.ferry.step.AwsPorts.IngressRule;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * The rule that lets RDS reach the host's PostgreSQL, against moto 5.2: added to a group ferry does not own, tagged
 * for the plan (TagSpecifications of type security-group-rule), found again instead of added twice, revoked by its id
 * only while it carries the plan's tag; an identical rule that is untagged (the operator's) or another plan's is
 * neither adopted nor revoked.
 * <p>What moto does not do as AWS does, found by reading its ec2/models/security_groups.py: revoking an unknown
 * SecurityGroupRuleId answers {@code InvalidPermission.NotFound} (AWS: {@code InvalidSecurityGroupRuleId.NotFound});
 * ferry reads the rules before revoking and takes either code as "already gone", so both are covered; and a rule
 * from a source group is described without its description (moto's SecurityRule.description reads only a CIDR range's),
 * which ferry never reads back. Rule tags, DescribeSecurityGroupRules with the group-id filter and revoking by rule id
 * work in moto as in AWS (sandbox against moto: MotoCrossCheckTest.securityGroupRulesBehaveLikeMoto).
 */
class IngressRuleMotoTest extends MotoTest {
    private String host;
    private String db;

    @BeforeEach
    void groups() {
        // the compose host's group belongs to the operator: no ferry tag
        host = clients.ec2().createSecurityGroup(r -> r.groupName("compose-host").vpcId(vpcId)
                .description("the operator's")).groupId();
        db = aws.ensureSecurityGroup(PLAN + "-db", vpcId, "ferry test: db", TAGS);
    }

    @Test
    void addsATaggedRuleOnceAndRevokesItTwiceWithoutError() throws Exception {
        RuleIngressRequest request = new RuleIngressRequest(host, 5433, db, TAGS);

        IngressRule added = aws.openIngress(request);
        assertThat(added.added()).isTrue();
        assertThat(added.ownedBy(PLAN)).isTrue();
        assertThat(added.ruleId()).startsWith("sgr-");
        SecurityGroupRule rule = only(host);
        assertThat(rule.securityGroupRuleId()).isEqualTo(added.ruleId());
        assertThat(rule.ipProtocol()).isEqualTo("tcp");
        assertThat(rule.fromPort()).isEqualTo(5433);
        assertThat(rule.toPort()).isEqualTo(5433);
        assertThat(rule.referencedGroupInfo().groupId()).isEqualTo(db);
        assertThat(rule.cidrIpv4()).isNull();
        assertThat(rule.tags()).extracting(Tag::key, Tag::value).contains(
                org.assertj.core.groups.Tuple.tuple("ferry:plan", PLAN));
        assertThat(moto.recorded("AuthorizeSecurityGroupIngress")).singleElement().satisfies(r -> assertThat(r.body())
                .contains("TagSpecification.1.ResourceType=security-group-rule", "TagSpecification.1.Tag.",
                        "IpPermissions.1.Groups.1.GroupId=" + db, "IpPermissions.1.FromPort=5433"));

        IngressRule again = aws.openIngress(request);
        assertThat(again).isEqualTo(new IngressRule(added.ruleId(), PLAN, false));
        assertThat(moto.recorded("AuthorizeSecurityGroupIngress")).hasSize(1);

        assertThat(aws.revokeIngress(request, OWNER)).containsExactly(added.ruleId());
        assertThat(ingress(host)).isEmpty();
        assertThat(moto.recorded("RevokeSecurityGroupIngress")).singleElement().satisfies(r -> assertThat(r.body())
                .contains("SecurityGroupRuleId.1=" + added.ruleId(), "GroupId=" + host));
        assertThat(aws.revokeIngress(request, OWNER)).isEmpty();
    }

    @Test
    void anIdenticalRuleOfTheOperatorOrOfAnotherPlanIsUsedButNeverAdoptedNorRevoked() {
        RuleIngressRequest request = new RuleIngressRequest(host, 5432, db, TAGS);
        String operators = authorize(List.of());
        IngressRule found = aws.openIngress(request);
        assertThat(found).isEqualTo(new IngressRule(operators, null, false));
        assertThat(found.ownedBy(PLAN)).isFalse();
        assertThat(aws.revokeIngress(request, OWNER)).isEmpty();
        assertThat(only(host).securityGroupRuleId()).isEqualTo(operators);
        assertThat(only(host).tags()).isEmpty();

        clients.ec2().revokeSecurityGroupIngress(r -> r.groupId(host).securityGroupRuleIds(operators));
        String others = authorize(List.of(Tag.builder().key("ferry:plan").value("someone-else").build()));
        assertThat(aws.openIngress(request)).isEqualTo(new IngressRule(others, "someone-else", false));
        assertThat(aws.revokeIngress(request, OWNER)).isEmpty();
        assertThat(only(host).securityGroupRuleId()).isEqualTo(others);
    }

    @Test
    void onlyAGroupIsASource() {
        assertThatThrownBy(() -> aws.openIngress(new RuleIngressRequest(host, 5432, "0.0.0.0/0", TAGS)))
                .hasMessageContaining("only from a security group");
        assertThat(ingress(host)).isEmpty();
    }

    private String authorize(List<Tag> tags) {
        var response = clients.ec2().authorizeSecurityGroupIngress(r -> {
            r.groupId(host).ipPermissions(p -> p.ipProtocol("tcp").fromPort(5432).toPort(5432)
                    .userIdGroupPairs(g -> g.groupId(db)));
            if (!tags.isEmpty()) {
                r.tagSpecifications(TagSpecification.builder().resourceType(ResourceType.SECURITY_GROUP_RULE)
                        .tags(tags).build());
            }
        });
        return response.securityGroupRules().get(0).securityGroupRuleId();
    }

    private SecurityGroupRule only(String group) {
        List<SecurityGroupRule> rules = ingress(group);
        assertThat(rules).hasSize(1);
        return rules.get(0);
    }

    private List<SecurityGroupRule> ingress(String group) {
        return clients.ec2().describeSecurityGroupRules(r -> r.filters(Filter.builder().name("group-id")
                .values(group).build())).securityGroupRules().stream().filter(r -> !r.isEgress()).toList();
    }

}
