package dev.ferry.sandbox.aws;

import java.util.List;

/**
 * What exists in the sandbox account before ferry runs: a VPC with private subnets, the source host's security
 * group, a public hosted zone and an application load balancer with an HTTPS listener.
 */
public record SandboxWorld(String region, String accountId, Vpc vpc, List<Subnet> subnets, HostGroup hostGroup,
                           Zone zone, LoadBalancer loadBalancer) {

    /** The bucket for shared plan state the sandbox starts with: versioned, default encryption SSE-S3. */
    public static final String STATE_BUCKET = "ferry-state";

    public record Vpc(String id, String cidr) {
    }

    public record Subnet(String id, String availabilityZone, String cidr) {
    }

    /** The security group of the EC2 host that runs the compose app today. */
    public record HostGroup(String id, String name) {
    }

    public record Zone(String id, String name) {
    }

    public record LoadBalancer(String name, String id, String listenerId, String dnsName, String canonicalHostedZoneId,
                               String certificateArn, String securityGroupId) {
    }

    public SandboxWorld {
        subnets = List.copyOf(subnets);
    }

    public static SandboxWorld defaults() {
        return new SandboxWorld("us-east-1", "123456789012",
                new Vpc("vpc-0a1b2c3d4e5f60718", "10.0.0.0/16"),
                List.of(new Subnet("subnet-0aaa1111bbbb2222c", "us-east-1a", "10.0.1.0/24"),
                        new Subnet("subnet-0ddd3333eeee4444f", "us-east-1b", "10.0.2.0/24")),
                new HostGroup("sg-0a5b0c0d0e0f01234", "redash-host"),
                new Zone("Z0SANDBOX00EXAMPLE", "example.com."),
                new LoadBalancer("ferry-alb", "50dc6c495c0c9188", "f2f7dc8efc522ab2",
                        "ferry-alb-1234567890.us-east-1.elb.amazonaws.com", "Z35SXDOTRQ7X7K",
                        "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000",
                        "sg-0alb000000000000b"));
    }

    /** The IAM user the sandbox's credentials belong to (STS GetCallerIdentity, access denials). */
    public String callerArn() {
        return "arn:aws:iam::" + accountId + ":user/sandbox";
    }

    public String arn(String service, String resource) {
        return "arn:aws:" + service + ":" + region + ":" + accountId + ":" + resource;
    }

    public String loadBalancerArn() {
        return arn("elasticloadbalancing", "loadbalancer/app/" + loadBalancer.name() + "/" + loadBalancer.id());
    }

    public String listenerArn() {
        return arn("elasticloadbalancing", "listener/app/" + loadBalancer.name() + "/" + loadBalancer.id() + "/"
                + loadBalancer.listenerId());
    }

    public List<String> subnetIds() {
        return subnets.stream().map(Subnet::id).toList();
    }
}
