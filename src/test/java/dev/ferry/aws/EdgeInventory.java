package dev.ferry.aws;

import java.util.ArrayList;
import java.util.List;

/**
 * What a plan's resources are set to, beyond their existence: the zone's records (with TTLs), the listener's rules
 * and each ECS service's desired count. Equal lists before a step and after its rollback mean the rollback put them
 * back; one "kind name setting" line each, sorted.
 */
public final class EdgeInventory {
    private EdgeInventory() {
    }

    public static List<String> of(AwsSettings settings, String hostedZoneId, String listenerArn, String cluster) {
        List<String> found = new ArrayList<>();
        try (AwsClients clients = AwsClients.create(settings)) {
            clients.route53().listResourceRecordSets(r -> r.hostedZoneId(hostedZoneId)).resourceRecordSets()
                    .stream().filter(r -> !List.of("SOA", "NS").contains(r.typeAsString())).forEach(r -> found.add(
                            "dns " + r.name() + " " + r.typeAsString() + " ttl=" + r.ttl() + " "
                            + (r.aliasTarget() != null ? "alias " + r.aliasTarget().dnsName()
                            : r.resourceRecords().stream().map(v -> v.value()).toList())));
            clients.elb().describeRules(r -> r.listenerArn(listenerArn)).rules().forEach(rule -> found.add(
                    "elb rule " + rule.priority() + " " + rule.conditions().stream()
                            .map(c -> c.field() + "=" + c.values()).toList() + " → " + rule.actions().stream()
                            .map(a -> a.targetGroupArn()).toList()));
            List<String> services = clients.ecs().listServices(r -> r.cluster(cluster)).serviceArns();
            if (!services.isEmpty()) {
                clients.ecs().describeServices(r -> r.cluster(cluster).services(services)).services().stream()
                        .filter(s -> !"INACTIVE".equals(s.status()))
                        .forEach(s -> found.add("ecs service " + s.serviceName() + " desired=" + s.desiredCount()));
            }
        } catch (software.amazon.awssdk.services.ecs.model.ClusterNotFoundException noCluster) {
            // no cluster, no services: the same world as a cluster without any
        }
        found.sort(String::compareTo);
        return found;
    }
}
