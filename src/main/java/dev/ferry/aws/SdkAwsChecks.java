package dev.ferry.aws;

import dev.ferry.step.AwsPorts;
import dev.ferry.FerryException;
import dev.ferry.step.AwsPorts.DnsRecord;
import dev.ferry.step.AwsPorts.LoadBalancerAlias;
import dev.ferry.step.AwsAccess;
import dev.ferry.step.AwsChecks;
import dev.ferry.step.Check;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Subnet;

/**
 * Read-only probes for {@code ferry doctor}: who we are, whether the calls the remaining steps make are allowed, and
 * whether what the plan names (subnets, listener, hosted zone, the domain's record) exists. Failures go through
 * {@link AwsCalls}, so a denial reads "grant ACTION to PRINCIPAL" exactly as in a run; a "not found" answer to a
 * permission probe proves the permission (IAM is evaluated before the resource is looked up).
 */
final class SdkAwsChecks implements AwsChecks {
    private final AwsClients clients;
    private final AwsPorts ports;

    SdkAwsChecks(AwsClients clients, AwsPorts ports) {
        this.clients = clients;
        this.ports = ports;
    }

    /** STS GetCallerIdentity: credentials, region and endpoint work; names where the credentials came from. */
    @Override
    public Check identity() {
        AwsClients.CallerIdentity id = clients.identity();
        return Check.ok(id.arn() + " (account " + id.account() + "), region " + clients.region().id() + ", "
                + clients.credentialSource());
    }

    /** Proves one IAM action with a call that changes nothing. */
    @Override
    public Check allowed(AwsAccess access) {
        Read read = read(access);
        AwsCalls calls = new AwsCalls(read.service(), clients.settings());
        return attempt(() -> {
            calls.run(read.operation(), access.resource(), () -> read.call().accept(clients));
            return Check.ok("allowed (" + access.resource() + ")");
        }, e -> Check.ok("allowed (" + access.resource() + ": " + AwsErrors.code(e) + ", not there yet)"));
    }

    /** The plan's subnets exist, belong to its VPC and span at least two availability zones (RDS needs two). */
    @Override
    public Check network(String vpcId, List<String> subnetIds) {
        AwsCalls calls = new AwsCalls(AwsService.EC2, clients.settings());
        return attempt(() -> {
            List<Subnet> subnets = calls.call("DescribeSubnets", String.join(", ", subnetIds), () -> clients.ec2()
                    .describeSubnets(r -> r.subnetIds(subnetIds)).subnets());
            List<String> elsewhere = subnets.stream().filter(s -> !vpcId.equals(s.vpcId()))
                    .map(s -> s.subnetId() + " (in " + s.vpcId() + ")").toList();
            if (!elsewhere.isEmpty()) {
                return Check.fail("subnets outside " + vpcId + ": " + String.join(", ", elsewhere),
                        "Check target.network.vpcId and target.network.subnetIds");
            }
            Set<String> zones = new TreeSet<>(subnets.stream().map(Subnet::availabilityZone).toList());
            if (zones.size() < 2) {
                return Check.fail("the subnets " + subnetIds + " are all in " + zones, "Add a subnet of " + vpcId
                        + " in another availability zone to target.network.subnetIds (RDS and ElastiCache subnet"
                        + " groups need two)");
            }
            return Check.ok(subnets.size() + " subnets of " + vpcId + " in " + String.join(", ", zones));
        }, e -> Check.fail(AwsErrors.code(e) + ": " + e.awsErrorDetails().errorMessage(),
                "Check target.network.subnetIds and target.network.vpcId"));
    }

    /** The listener the server's rule goes on exists, and its load balancer. */
    @Override
    public Check listener(String listenerArn) {
        return attempt(() -> {
            LoadBalancerAlias alb = ports.loadBalancerOf(listenerArn);
            return Check.ok("listener of " + alb.dnsName());
        }, e -> Check.fail("listener " + listenerArn + " does not exist (" + AwsErrors.code(e) + ")",
                "Check edge.listenerArn: the HTTPS listener of the load balancer that fronts the server"));
    }

    /** The hosted zone exists and its records can be listed. */
    @Override
    public Check hostedZone(String hostedZoneId) {
        String zone = hostedZoneId.replaceFirst("^/?hostedzone/", "");
        AwsCalls calls = new AwsCalls(AwsService.ROUTE53, clients.settings());
        return attempt(() -> {
            calls.run("ListResourceRecordSets", "zone " + zone, () -> clients.route53()
                    .listResourceRecordSets(r -> r.hostedZoneId(zone).maxItems("1")));
            return Check.ok("hosted zone " + zone + " answers");
        }, e -> Check.fail("hosted zone " + zone + " does not exist (" + AwsErrors.code(e) + ")",
                "Check edge.hostedZoneId (Route 53 console: the zone's id, e.g. Z0123456789ABC)"));
    }

    /**
     * The domain's record today. A TTL above {@code loweredTtl} is a warning: cutover-server lowers it and then waits
     * the old TTL out inside the window, unless it was lowered a TTL ahead.
     */
    @Override
    public Check record(String hostedZoneId, String domain, long loweredTtl) {
        Optional<DnsRecord> found = ports.readRecord(hostedZoneId, domain);
        if (found.isEmpty()) {
            return Check.fail("no A, AAAA or CNAME record for " + domain + " in zone " + hostedZoneId,
                    "Check edge.domain and edge.hostedZoneId: cutover-server switches the record users reach today");
        }
        DnsRecord record = found.get();
        if (record.alias() != null) {
            return Check.ok(domain + " is an alias to " + record.alias().dnsName() + " (answered with TTL "
                    + record.ttl() + " s)");
        }
        String shown = domain + " " + record.type() + " " + record.value() + ", TTL " + record.ttl() + " s";
        if (record.ttl() > loweredTtl) {
            return Check.warn(shown + ", above edge.loweredTtl (" + loweredTtl + " s)", "Lower it to " + loweredTtl
                    + " s at least " + record.ttl() + " s before the cutover window; otherwise cutover-server lowers"
                    + " it and waits the old " + record.ttl() + " s inside the window");
        }
        return Check.ok(shown);
    }

    private static Check attempt(Supplier<Check> body, Function<AwsServiceException, Check> whenNotFound) {
        try {
            return body.get();
        } catch (FerryException e) {
            if (e.getCause() instanceof AwsServiceException aws && AwsErrors.isNotFound(aws)) {
                return whenNotFound.apply(aws);
            }
            throw e;
        }
    }

    /** The SDK call that proves {@code access}: the service it goes to and the read itself. */
    record Read(AwsService service, String operation, Consumer<AwsClients> call) {
    }

    static Read read(AwsAccess access) {
        if (access instanceof AwsAccess.SecurityGroups a) {
            return new Read(AwsService.EC2, "DescribeSecurityGroups", c -> c.ec2()
                    .describeSecurityGroups(r -> r.filters(Filter.builder().name("vpc-id").values(a.vpcId()).build())
                            .maxResults(5)));
        } else if (access instanceof AwsAccess.SecurityGroupRules a) {
            return new Read(AwsService.EC2, "DescribeSecurityGroupRules", c -> c.ec2()
                    .describeSecurityGroupRules(r -> r.filters(Filter.builder().name("group-id").values(a.groupId())
                            .build()).maxResults(5)));
        } else if (access instanceof AwsAccess.DbInstance a) {
            return new Read(AwsService.RDS, "DescribeDBInstances", c -> c.rds()
                    .describeDBInstances(r -> r.dbInstanceIdentifier(a.identifier())));
        } else if (access instanceof AwsAccess.ReplicationGroup a) {
            return new Read(AwsService.ELASTICACHE, "DescribeReplicationGroups", c -> c
                    .elastiCache().describeReplicationGroups(r -> r.replicationGroupId(a.groupId())));
        } else if (access instanceof AwsAccess.CacheCluster a) {
            return new Read(AwsService.ELASTICACHE, "DescribeCacheClusters", c -> c
                    .elastiCache().describeCacheClusters(r -> r.cacheClusterId(a.clusterId())));
        } else if (access instanceof AwsAccess.Parameters a) {
            return new Read(AwsService.SSM, "DescribeParameters", c -> c.ssm()
                    .describeParameters(r -> r.maxResults(1)));
        } else if (access instanceof AwsAccess.Parameter a) {
            return new Read(AwsService.SSM, "GetParameter", c -> c.ssm()
                    .getParameter(r -> r.name(a.name()).withDecryption(false)));
        } else if (access instanceof AwsAccess.LogGroups a) {
            return new Read(AwsService.LOGS, "DescribeLogGroups", c -> c.logs()
                    .describeLogGroups(r -> r.logGroupNamePrefix(a.prefix()).limit(1)));
        } else if (access instanceof AwsAccess.Cluster a) {
            return new Read(AwsService.ECS, "DescribeClusters", c -> c.ecs()
                    .describeClusters(r -> r.clusters(a.name())));
        } else if (access instanceof AwsAccess.Services a) {
            return new Read(AwsService.ECS, "DescribeServices", c -> c.ecs()
                    .describeServices(r -> r.cluster(a.cluster()).services(a.names())));
        } else if (access instanceof AwsAccess.TargetGroup a) {
            return new Read(AwsService.ELB, "DescribeTargetGroups", c -> c.elb()
                    .describeTargetGroups(r -> r.names(a.name())));
        } else if (access instanceof AwsAccess.Rules a) {
            return new Read(AwsService.ELB, "DescribeRules", c -> c.elb()
                    .describeRules(r -> r.listenerArn(a.listenerArn())));
        }
        throw new IllegalArgumentException("no read proves " + access);
    }
}
