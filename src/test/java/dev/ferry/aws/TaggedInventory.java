package dev.ferry.aws;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;

/**
 * Everything tagged {@code ferry:plan=<plan>}, found with each service's own describe/list calls (no tagging API),
 * one "service kind name" line per resource.
 */
public final class TaggedInventory {
    private final AwsClients clients;
    private final String plan;
    private final List<String> found = new ArrayList<>();

    private TaggedInventory(AwsClients clients, String plan) {
        this.clients = clients;
        this.plan = plan;
    }

    /** Everything tagged for {@code plan} in the account {@code settings} reach. */
    public static List<String> of(AwsSettings settings, String plan) {
        try (AwsClients clients = AwsClients.create(settings)) {
            return of(clients, plan);
        }
    }

    /** The DB snapshots of {@code instance}, however tagged (a retained final snapshot no longer names the plan). */
    public static List<String> snapshotsOf(AwsSettings settings, String instance) {
        try (AwsClients clients = AwsClients.create(settings)) {
            return clients.rds().describeDBSnapshots(r -> r.dbInstanceIdentifier(instance)).dbSnapshots().stream()
                    .map(s -> s.dbSnapshotIdentifier()).toList();
        }
    }

    /** The DB instance's status, e.g. "available" or "deleting". */
    public static String dbInstanceStatus(AwsSettings settings, String instance) {
        try (AwsClients clients = AwsClients.create(settings)) {
            return clients.rds().describeDBInstances(r -> r.dbInstanceIdentifier(instance)).dbInstances().get(0)
                    .dbInstanceStatus();
        }
    }

    /**
     * Every parameter under {@code path}: its version and a digest of its value, so a test can tell a value was not
     * rewritten (not even with the same value) without holding the secret in an assertion message.
     */
    public static Map<String, String> parameterVersions(AwsSettings settings, String path) {
        Map<String, String> versions = new TreeMap<>();
        try (AwsClients clients = AwsClients.create(settings)) {
            clients.ssm().getParametersByPathPaginator(r -> r.path(path).recursive(true).withDecryption(true))
                    .stream().flatMap(page -> page.parameters().stream())
                    .forEach(p -> versions.put(p.name(), "v" + p.version() + " " + digest(p.value())));
        }
        return versions;
    }

    private static String digest(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> of(AwsClients clients, String plan) {
        TaggedInventory inventory = new TaggedInventory(clients, plan);
        inventory.ec2();
        inventory.rds();
        inventory.elastiCache();
        inventory.ssm();
        inventory.logs();
        inventory.ecs();
        inventory.elb();
        return List.copyOf(inventory.found);
    }

    private void ec2() {
        clients.ec2().describeSecurityGroups(r -> r.filters(Filter.builder().name("tag:ferry:plan").values(plan)
                .build())).securityGroups().forEach(g -> found.add("ec2 security-group " + g.groupName()));
        // rules ferry adds to groups it does not own (the host's) carry the tag themselves
        clients.ec2().describeSecurityGroupRules(r -> r.filters(Filter.builder().name("tag:ferry:plan").values(plan)
                .build())).securityGroupRules().forEach(rule -> found.add("ec2 security-group-rule " + rule.groupId()
                + " " + rule.ipProtocol() + "/" + rule.fromPort() + " from " + (rule.referencedGroupInfo() == null
                ? rule.cidrIpv4() : rule.referencedGroupInfo().groupId())));
    }

    private void rds() {
        var rds = clients.rds();
        rds.describeDBInstances().dbInstances().stream().filter(db -> db.tagList().stream().anyMatch(t ->
                t.key().equals(PlanTags.PLAN_KEY) && t.value().equals(plan)))
                .forEach(db -> found.add("rds db-instance " + db.dbInstanceIdentifier()));
        rds.describeDBSnapshots().dbSnapshots().stream().filter(s -> s.tagList().stream().anyMatch(t ->
                t.key().equals(PlanTags.PLAN_KEY) && t.value().equals(plan)))
                .forEach(s -> found.add("rds snapshot " + s.dbSnapshotIdentifier()));
        rds.describeDBSubnetGroups().dbSubnetGroups().forEach(g -> rdsTagged("subnet-group",
                g.dbSubnetGroupName(), g.dbSubnetGroupArn()));
        rds.describeDBParameterGroups().dbParameterGroups().forEach(g -> rdsTagged("parameter-group",
                g.dbParameterGroupName(), g.dbParameterGroupArn()));
    }

    private void rdsTagged(String kind, String name, String arn) {
        if (clients.rds().listTagsForResource(r -> r.resourceName(arn)).tagList().stream()
                .anyMatch(t -> t.key().equals(PlanTags.PLAN_KEY) && t.value().equals(plan))) {
            found.add("rds " + kind + " " + name);
        }
    }

    private void elastiCache() {
        var cache = clients.elastiCache();
        cache.describeCacheClusters().cacheClusters().forEach(c -> cacheTagged("cluster " + c.cacheClusterId()
                + " (" + c.cacheClusterStatus() + ")", c.arn()));
        cache.describeReplicationGroups().replicationGroups().forEach(g -> cacheTagged("replication-group "
                + g.replicationGroupId() + " (" + g.status() + ")", g.arn()));
        cache.describeCacheSubnetGroups().cacheSubnetGroups().forEach(g -> cacheTagged("subnet-group "
                + g.cacheSubnetGroupName(), g.arn()));
    }

    private void cacheTagged(String what, String arn) {
        if (clients.elastiCache().listTagsForResource(r -> r.resourceName(arn)).tagList().stream()
                .anyMatch(t -> t.key().equals(PlanTags.PLAN_KEY) && t.value().equals(plan))) {
            found.add("elasticache " + what);
        }
    }

    private void ssm() {
        clients.ssm().describeParametersPaginator().stream().flatMap(page -> page.parameters().stream()).forEach(p -> {
            if (clients.ssm().listTagsForResource(r -> r.resourceType("Parameter").resourceId(p.name())).tagList()
                    .stream().anyMatch(t -> t.key().equals(PlanTags.PLAN_KEY) && t.value().equals(plan))) {
                found.add("ssm parameter " + p.name());
            }
        });
    }

    private void logs() {
        clients.logs().describeLogGroups().logGroups().forEach(g -> {
            Map<String, String> tags = clients.logs().listTagsLogGroup(r -> r.logGroupName(g.logGroupName())).tags();
            if (plan.equals(tags.get(PlanTags.PLAN_KEY))) {
                found.add("logs log-group " + g.logGroupName());
            }
        });
    }

    private void ecs() {
        var ecs = clients.ecs();
        List<String> clusterArns = ecs.listClusters().clusterArns();
        if (!clusterArns.isEmpty()) {
            ecs.describeClusters(r -> r.clusters(clusterArns).include(ClusterField.TAGS)).clusters().stream()
                    .filter(c -> "ACTIVE".equals(c.status())).forEach(c -> {
                        if (c.tags().stream().anyMatch(t -> t.key().equals(PlanTags.PLAN_KEY)
                                && t.value().equals(plan))) {
                            found.add("ecs cluster " + c.clusterName());
                        }
                        ecsServices(c.clusterArn());
                    });
        }
        ecs.listTaskDefinitions(r -> r.status("ACTIVE")).taskDefinitionArns().forEach(arn -> {
            if (ecs.describeTaskDefinition(r -> r.taskDefinition(arn).include(TaskDefinitionField.TAGS)).tags()
                    .stream().anyMatch(t -> t.key().equals(PlanTags.PLAN_KEY) && t.value().equals(plan))) {
                found.add("ecs task-definition " + arn.substring(arn.lastIndexOf('/') + 1));
            }
        });
    }

    private void ecsServices(String clusterArn) {
        List<String> services = clients.ecs().listServices(r -> r.cluster(clusterArn)).serviceArns();
        if (services.isEmpty()) {
            return;
        }
        clients.ecs().describeServices(r -> r.cluster(clusterArn).services(services).include(ServiceField.TAGS))
                .services().stream().filter(s -> !"INACTIVE".equals(s.status()))
                .filter(s -> s.tags().stream().anyMatch(t -> t.key().equals(PlanTags.PLAN_KEY)
                        && t.value().equals(plan)))
                .forEach(s -> found.add("ecs service " + s.serviceName()));
    }

    private void elb() {
        var elb = clients.elb();
        List<String> arns = new ArrayList<>();
        elb.describeTargetGroups().targetGroups().forEach(g -> arns.add(g.targetGroupArn()));
        elb.describeLoadBalancers().loadBalancers().forEach(lb -> elb.describeListeners(r -> r
                .loadBalancerArn(lb.loadBalancerArn())).listeners().forEach(l -> elb.describeRules(r -> r
                .listenerArn(l.listenerArn())).rules().stream().filter(rule -> !rule.isDefault())
                .forEach(rule -> arns.add(rule.ruleArn()))));
        for (String arn : arns) {
            elb.describeTags(r -> r.resourceArns(arn)).tagDescriptions().stream()
                    .filter(d -> d.tags().stream().anyMatch(t -> t.key().equals(PlanTags.PLAN_KEY)
                            && t.value().equals(plan)))
                    .forEach(d -> found.add("elb " + (arn.contains(":listener-rule/") ? "rule " : "target-group ")
                            + arn.substring(arn.indexOf('/') + 1)));
        }
    }
}
