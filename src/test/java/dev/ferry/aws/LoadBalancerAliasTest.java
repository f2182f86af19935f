package dev.ferry.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.step.AwsPorts.LoadBalancerAlias;
import org.junit.jupiter.api.Test;

class LoadBalancerAliasTest {
    private final LoadBalancerAlias elb = new LoadBalancerAlias("ferry-alb-123.us-east-1.elb.amazonaws.com", "Z35SXDOTRQ7X7K");

    @Test
    void route53sFullyQualifiedLowerCasedOrDualstackFormIsTheSameLoadBalancer() {
        assertThat(elb.sameTarget(new LoadBalancerAlias("ferry-alb-123.us-east-1.elb.amazonaws.com.", "Z35SXDOTRQ7X7K"))).isTrue();
        assertThat(elb.sameTarget(new LoadBalancerAlias("dualstack.Ferry-ALB-123.us-east-1.elb.amazonaws.com.",
                "z35sxdotrq7x7k"))).isTrue();
    }

    @Test
    void anotherNameOrZoneOrNoAliasIsNot() {
        assertThat(elb.sameTarget(new LoadBalancerAlias("other-alb-9.us-east-1.elb.amazonaws.com.", "Z35SXDOTRQ7X7K"))).isFalse();
        assertThat(elb.sameTarget(new LoadBalancerAlias("ferry-alb-123.us-east-1.elb.amazonaws.com.", "Z1H1FL5HABSF5"))).isFalse();
        assertThat(elb.sameTarget(null)).isFalse();
    }
}
