package dev.ferry.aws;

import dev.ferry.step.AwsPorts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.step.AwsPorts.DnsRecord;
import dev.ferry.step.AwsPorts.LoadBalancerAlias;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;

/** Target group, listener rule, load balancer lookup and Route 53 records against moto. */
class TrafficMotoTest extends MotoTest {
    private LoadBalancer alb;
    private String listener;
    private String zone;

    /** The ALB, its listener and the hosted zone exist before ferry runs; ferry never creates them. */
    @BeforeEach
    void existingLoadBalancerAndZone() {
        var elb = clients.elb();
        alb = elb.createLoadBalancer(r -> r.name("shared-alb").subnets(subnetIds).type("application"))
                .loadBalancers().get(0);
        listener = elb.createListener(r -> r.loadBalancerArn(alb.loadBalancerArn()).protocol("HTTP").port(80)
                .defaultActions(a -> a.type("fixed-response").fixedResponseConfig(f -> f.statusCode("404"))))
                .listeners().get(0).listenerArn();
        zone = clients.route53().createHostedZone(r -> r.name("example.com").callerReference("ferry-test"))
                .hostedZone().id();
    }

    @Test
    void targetGroupIsCreatedOnceForIpTargetsAndDeletedIdempotently() {
        String first = aws.ensureTargetGroup("redash-test-server", vpcId, 5000, "/ping", TAGS);
        String second = aws.ensureTargetGroup("redash-test-server", vpcId, 5000, "/ping", TAGS);

        assertThat(second).isEqualTo(first);
        var group = clients.elb().describeTargetGroups().targetGroups();
        assertThat(group).singleElement().satisfies(g -> {
            assertThat(g.targetTypeAsString()).isEqualTo("ip");
            assertThat(g.healthCheckPath()).isEqualTo("/ping");
            assertThat(g.port()).isEqualTo(5000);
        });
        assertThat(aws.healthyTargets(first)).isZero();

        aws.deleteTargetGroup(first, OWNER);
        aws.deleteTargetGroup(first, OWNER);
        assertThat(clients.elb().describeTargetGroups().targetGroups()).isEmpty();
    }

    @Test
    void targetGroupOfAnotherPlanIsRefused() {
        aws.ensureTargetGroup("web", vpcId, 5000, "/ping", OTHER_PLAN);

        assertThatThrownBy(() -> aws.ensureTargetGroup("web", vpcId, 5000, "/ping", TAGS))
                .hasMessageContaining("target group 'web' already exists and belongs to plan 'someone-else'");
    }

    @Test
    void listenerRuleIsCreatedOnceFollowsHostChangesAndIsDeletedIdempotently() {
        String tg = aws.ensureTargetGroup("redash-test-server", vpcId, 5000, "/ping", TAGS);

        aws.ensureListenerRule(listener, tg, List.of("new.example.com"), 10, OWNER);
        aws.ensureListenerRule(listener, tg, List.of("new.example.com"), 10, OWNER);
        assertThat(ours()).singleElement().satisfies(rule -> assertThat(rule.conditions().get(0).hostHeaderConfig()
                .values()).containsExactly("new.example.com"));
        aws.ensureListenerRule(listener, tg, List.of("new.example.com", "redash.example.com"), 10, OWNER);
        assertThat(ours()).singleElement().satisfies(rule -> assertThat(rule.conditions().get(0).hostHeaderConfig()
                .values()).containsExactlyInAnyOrder("new.example.com", "redash.example.com"));

        aws.deleteListenerRule(listener, tg, OWNER);
        aws.deleteListenerRule(listener, tg, OWNER);
        assertThat(ours()).isEmpty();
    }

    @Test
    void listenerLeadsToTheLoadBalancersAliasTarget() {
        LoadBalancerAlias alias = aws.loadBalancerOf(listener);

        assertThat(alias.dnsName()).isEqualTo(alb.dnsName());
        assertThat(alias.canonicalHostedZoneId()).isEqualTo(alb.canonicalHostedZoneId());
    }

    @Test
    void cnameIsUpsertedReadBackWithItsTtlAndDeletedIdempotently() {
        DnsRecord old = new DnsRecord("redash.example.com", "CNAME", 300, "ec2-1-2-3-4.compute.amazonaws.com", null);

        aws.upsertRecord(zone, old, WAIT);
        aws.upsertRecord(zone, old, WAIT);

        assertThat(aws.readRecord(zone, "redash.example.com")).hasValueSatisfying(r -> {
            assertThat(r.type()).isEqualTo("CNAME");
            assertThat(r.ttl()).isEqualTo(300);
            assertThat(r.value()).isEqualTo("ec2-1-2-3-4.compute.amazonaws.com");
        });
        aws.deleteRecord(zone, old, WAIT);
        aws.deleteRecord(zone, old, WAIT);
        assertThat(aws.readRecord(zone, "redash.example.com")).isEmpty();
    }

    @Test
    void switchingACnameToAnAliasReplacesItInOneAtomicChange() throws IOException {
        aws.upsertRecord(zone, new DnsRecord("redash.example.com", "CNAME", 60, "old.example.net", null), WAIT);
        LoadBalancerAlias alias = aws.loadBalancerOf(listener);

        aws.upsertRecord(zone, new DnsRecord("redash.example.com", "A", 0, null, alias), WAIT);

        assertThat(aws.readRecord(zone, "redash.example.com")).hasValueSatisfying(r -> {
            assertThat(r.type()).isEqualTo("A");
            assertThat(r.alias().dnsName()).isEqualTo(alias.dnsName() + ".");
            assertThat(r.ttl()).isEqualTo(60);
        });
        var sets = clients.route53().listResourceRecordSets(r -> r.hostedZoneId(zone)).resourceRecordSets();
        assertThat(sets).filteredOn(s -> s.name().equals("redash.example.com.")).hasSize(1);
        var changes = moto.recorded().stream().filter(r -> r.body().contains("<ChangeBatch")).toList();
        assertThat(changes.get(changes.size() - 1).body()).contains("<Action>DELETE</Action>")
                .contains("<Action>UPSERT</Action>");
    }

    @Test
    void targetGroupAndListenerRuleOfAnotherPlanAreKept() {
        String tg = aws.ensureTargetGroup("shared-server", vpcId, 5000, "/ping", OTHER_PLAN);
        aws.ensureListenerRule(listener, tg, List.of("new.example.com"), 10, new AwsPorts.Owner("someone-else"));
        String rule = ours().get(0).ruleArn();

        OwnershipMotoTest.refused(() -> aws.ensureListenerRule(listener, tg, List.of("redash.example.com"), 10, OWNER),
                "Elastic Load Balancing listener rule '" + rule + "' belongs to plan 'someone-else' (tag"
                        + " ferry:plan=someone-else), not to 'redash-test'; ferry changes only what this plan created");
        OwnershipMotoTest.refused(() -> aws.deleteListenerRule(listener, tg, OWNER),
                "Elastic Load Balancing listener rule '" + rule + "' belongs to plan 'someone-else'");
        OwnershipMotoTest.refused(() -> aws.deleteTargetGroup(tg, OWNER),
                "Elastic Load Balancing target group 'shared-server' belongs to plan 'someone-else'");

        assertThat(ours()).singleElement().satisfies(r -> assertThat(r.conditions().get(0).hostHeaderConfig()
                .values()).containsExactly("new.example.com"));
        assertThat(clients.elb().describeTargetGroups().targetGroups()).hasSize(1);
    }

    /** Route 53 records carry no tags: ferry deletes or changes one back only while it holds what ferry wrote. */
    @Test
    void aRecordSomeoneChangedSinceIsNeitherDeletedNorChangedBack() {
        LoadBalancerAlias alias = aws.loadBalancerOf(listener);
        DnsRecord wrote = new DnsRecord("new.example.com", "A", 60, null, alias);
        DnsRecord theirs = new DnsRecord("new.example.com", "CNAME", 60, "elsewhere.example.net", null);
        aws.upsertRecord(zone, new DnsRecord("new.example.com", "A", 60, null, alias), WAIT);
        aws.deleteRecord(zone, new DnsRecord("NEW.example.com.", "A", 60, null,
                new LoadBalancerAlias("dualstack." + alias.dnsName().toUpperCase() + ".", alias.canonicalHostedZoneId())), WAIT);
        assertThat(aws.readRecord(zone, "new.example.com")).isEmpty();
        aws.upsertRecord(zone, theirs, WAIT);

        OwnershipMotoTest.refused(() -> aws.deleteRecord(zone, new DnsRecord("new.example.com", "CNAME", 60,
                alias.dnsName(), null), WAIT), "Route 53 record new.example.com is now CNAME elsewhere.example.net"
                + " (TTL 60 s), not the CNAME " + alias.dnsName() + " (TTL 60 s) ferry wrote; Route 53 records carry no"
                + " tags, so ferry deletes one only while it holds what ferry wrote, and it was not deleted");
        DnsRecord before = new DnsRecord("new.example.com", "CNAME", 300, "ec2-1-2-3-4.compute.amazonaws.com", null);
        OwnershipMotoTest.refused(() -> aws.restoreRecord(zone, before, List.of(wrote), WAIT), "Route 53 record"
                + " new.example.com is now CNAME elsewhere.example.net (TTL 60 s), neither what ferry wrote (alias "
                + alias.dnsName() + ") nor what it found before (CNAME ec2-1-2-3-4.compute.amazonaws.com (TTL 300 s));"
                + " Route 53 records carry no tags, so ferry changes one back only while it holds what ferry wrote, and"
                + " it was not changed");

        assertThat(aws.readRecord(zone, "new.example.com")).hasValueSatisfying(r -> assertThat(r.value())
                .isEqualTo("elsewhere.example.net"));
    }

    @Test
    void aRecordFerrySwitchedOrLoweredIsChangedBackAndAMissingOneRecreated() {
        LoadBalancerAlias alias = aws.loadBalancerOf(listener);
        DnsRecord before = new DnsRecord("redash.example.com", "CNAME", 300, "ec2-1-2-3-4.compute.amazonaws.com", null);
        DnsRecord switched = new DnsRecord("redash.example.com", "A", 60, null, alias);

        aws.upsertRecord(zone, switched, WAIT);
        aws.restoreRecord(zone, before, List.of(switched), WAIT);
        assertThat(aws.readRecord(zone, "redash.example.com")).contains(new DnsRecord("redash.example.com.", "CNAME",
                300, "ec2-1-2-3-4.compute.amazonaws.com", null));

        aws.upsertRecord(zone, new DnsRecord("redash.example.com", "CNAME", 60, before.value(), null), WAIT);
        aws.restoreRecord(zone, before, List.of(switched), WAIT);
        assertThat(aws.readRecord(zone, "redash.example.com")).hasValueSatisfying(r -> assertThat(r.ttl())
                .isEqualTo(300));

        aws.deleteRecord(zone, before, WAIT);
        aws.restoreRecord(zone, before, List.of(switched), WAIT);
        assertThat(aws.readRecord(zone, "redash.example.com")).hasValueSatisfying(r -> assertThat(r.value())
                .isEqualTo(before.value()));
    }

    private List<Rule> ours() {
        return clients.elb().describeRules(r -> r.listenerArn(listener)).rules().stream()
                .filter(rule -> !rule.isDefault()).toList();
    }
}
