package dev.ferry.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.step.AwsPorts.DnsRecord;
import dev.ferry.step.AwsPorts.LoadBalancerAlias;
import org.junit.jupiter.api.Test;

/** Route 53 records carry no tags, so "the value ferry wrote" is what proves a record is ferry's to undo. */
class DnsRecordTest {
    private static final LoadBalancerAlias ALB = new LoadBalancerAlias("ferry-alb-1.eu-west-1.elb.amazonaws.com",
            "Z32O12XQLNTSW2");

    @Test
    void theSameValueAsRoute53AnswersItIsTheSameWhateverTheTtl() {
        DnsRecord wrote = new DnsRecord("redash.example.com", "CNAME", 60, "ferry-alb-1.eu-west-1.elb.amazonaws.com", null);
        assertThat(wrote.sameValue(new DnsRecord("redash.example.com.", "CNAME", 300,
                "Ferry-ALB-1.eu-west-1.elb.amazonaws.com.", null))).isTrue();
        assertThat(new DnsRecord("x", "A", 60, "10.0.0.1,10.0.0.2", null)
                .sameValue(new DnsRecord("x", "A", 300, "10.0.0.2, 10.0.0.1", null))).isTrue();
        assertThat(new DnsRecord("x", "A", 60, null, ALB).sameValue(new DnsRecord("x.", "A", 60,
                "dualstack.ferry-alb-1.eu-west-1.elb.amazonaws.com.", new LoadBalancerAlias(
                        "dualstack.ferry-alb-1.eu-west-1.elb.amazonaws.com.", "Z32O12XQLNTSW2")))).isTrue();
    }

    @Test
    void anotherValueTypeOrTargetIsNot() {
        DnsRecord alias = new DnsRecord("x", "A", 60, null, ALB);
        assertThat(alias.sameValue(new DnsRecord("x", "CNAME", 60, ALB.dnsName(), null))).isFalse();
        assertThat(alias.sameValue(new DnsRecord("x", "A", 60, null, new LoadBalancerAlias("other-alb.elb.amazonaws.com",
                "Z32O12XQLNTSW2")))).isFalse();
        assertThat(new DnsRecord("x", "A", 60, "10.0.0.1", null).sameValue(new DnsRecord("x", "AAAA", 60, "10.0.0.1",
                null))).isFalse();
        assertThat(new DnsRecord("x", "A", 60, "10.0.0.1", null).sameValue(null)).isFalse();
    }
}
