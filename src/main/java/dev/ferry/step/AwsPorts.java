package dev.ferry.step;

import dev.ferry.step.AwsChanges.IngressRequest;
import dev.ferry.step.AwsChanges.ListenerRuleDeletion;
import dev.ferry.step.AwsChanges.ListenerRuleRequest;
import dev.ferry.step.AwsChanges.RuleIngressRequest;
import dev.ferry.step.AwsChanges.SecureParameterRequest;
import dev.ferry.step.AwsChanges.ServiceDeletionRequest;
import dev.ferry.step.AwsChanges.ServiceScaleRequest;
import dev.ferry.step.AwsDeletions.SecurityGroupDeletion;
import dev.ferry.step.AwsDeletions.DbSubnetGroupDeletion;
import dev.ferry.step.AwsDeletions.DbParameterGroupDeletion;
import dev.ferry.step.AwsDeletions.CacheSubnetGroupDeletion;
import dev.ferry.step.AwsDeletions.LogGroupDeletion;
import dev.ferry.step.AwsDeletions.ClusterDeletion;
import dev.ferry.step.AwsDeletions.TargetGroupDeletion;
import dev.ferry.step.AwsDeletions.ParametersDeletion;
import dev.ferry.step.AwsDeletions.CacheClusterDeletion;
import dev.ferry.step.AwsDeletions.DbProtectionRequest;
import dev.ferry.step.AwsDeletions.DbInstanceDeletionRequest;
import dev.ferry.step.AwsRequests.CacheClusterRequest;
import dev.ferry.step.AwsRequests.CacheSubnetGroupRequest;
import dev.ferry.step.AwsRequests.ClusterRequest;
import dev.ferry.step.AwsRequests.DbInstanceRequest;
import dev.ferry.step.AwsRequests.DbParameterGroupRequest;
import dev.ferry.step.AwsRequests.DbSubnetGroupRequest;
import dev.ferry.step.AwsRequests.LogGroupRequest;
import dev.ferry.step.AwsRequests.SecurityGroupRequest;
import dev.ferry.step.AwsRequests.ServiceRequest;
import dev.ferry.step.AwsRequests.TargetGroupRequest;
import dev.ferry.step.AwsRequests.TaskDefinitionRequest;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The AWS operations the steps call, one typed method per action. Every "ensure" method looks for the resource first
 * (by name and the {@code ferry:plan} tag) and creates it only when missing; every "delete" method is a no-op when
 * the resource is already gone. Every method that deletes or changes an existing resource takes its {@link Owner} and
 * refuses, changing nothing, unless the resource is tagged {@code ferry:plan} with that plan's name. Implemented on
 * AWS SDK v2 in this package.
 */
public interface AwsPorts extends AutoCloseable {

    /** Creates or adopts a security group; returns its id. */
    String ensureSecurityGroup(SecurityGroupRequest request);

    default String ensureSecurityGroup(String name, String vpcId, String description, Map<String, String> tags) {
        return ensureSecurityGroup(new SecurityGroupRequest(name, vpcId, description, tags));
    }

    /** Allows the request's TCP port from its source group only; never from a CIDR. */
    void allowIngress(IngressRequest request, Owner owner);

    default void allowIngress(String groupId, int port, String sourceGroupId, Owner owner) {
        allowIngress(new IngressRequest(groupId, port, sourceGroupId), owner);
    }

    void deleteSecurityGroup(SecurityGroupDeletion deletion, Owner owner);

    /**
     * Admits the request's TCP port from its source group into a group ferry does not own by one rule tagged for the
     * plan, after reading the group's rules. Returns the rule that admits it: this plan's (added now or by an earlier
     * run), or an identical one ferry did not add (untagged, or another plan's), which it neither adopts nor revokes.
     */
    IngressRule openIngress(RuleIngressRequest request);

    /**
     * Revokes, by rule id, the rules for the request's port and source that carry {@code owner}'s tag when read just
     * before; every other rule is left alone. Returns the ids revoked; none when already gone.
     */
    List<String> revokeIngress(RuleIngressRequest request, Owner owner);

    default void deleteSecurityGroup(String groupId, Owner owner) {
        deleteSecurityGroup(new SecurityGroupDeletion(groupId), owner);
    }

    void ensureDbSubnetGroup(DbSubnetGroupRequest request);

    default void ensureDbSubnetGroup(String name, List<String> subnetIds, Map<String, String> tags) {
        ensureDbSubnetGroup(new DbSubnetGroupRequest(name, subnetIds, tags));
    }

    void ensureDbParameterGroup(DbParameterGroupRequest request);

    default void ensureDbParameterGroup(String name, String family, Map<String, String> tags) {
        ensureDbParameterGroup(new DbParameterGroupRequest(name, family, tags));
    }

    /** Creates or adopts the instance; the master password is read from the SSM SecureString named {@code passwordParameter}. */
    void ensureDbInstance(DbInstanceRequest request);

    /**
     * Waits with the SDK waiter until the instance is available, then sends {@code protection} unless the instance is
     * protected already; returns {@code host:port}.
     */
    String awaitDbInstance(DbProtectionRequest protection, Duration timeout);

    default String awaitDbInstance(String identifier, Duration timeout) {
        return awaitDbInstance(new DbProtectionRequest(identifier, true), timeout);
    }

    /** Deletes the instance and keeps a final snapshot. */
    default void deleteDbInstance(String identifier, Duration timeout, Owner owner) {
        deleteDbInstance(new DbInstanceDeletionRequest(identifier, true), timeout, owner);
    }

    default Optional<String> deleteDbInstance(String identifier, Duration timeout, boolean finalSnapshot, Owner owner) {
        return deleteDbInstance(new DbInstanceDeletionRequest(identifier, finalSnapshot), timeout, owner);
    }

    /**
     * Lifts deletion protection, deletes the instance (with a final snapshot when the request says so) and waits
     * until it is gone; returns the final snapshot's identifier when one was taken.
     */
    Optional<String> deleteDbInstance(DbInstanceDeletionRequest deletion, Duration timeout, Owner owner);

    void deleteDbSubnetGroup(DbSubnetGroupDeletion deletion, Owner owner);

    default void deleteDbSubnetGroup(String name, Owner owner) {
        deleteDbSubnetGroup(new DbSubnetGroupDeletion(name), owner);
    }

    void deleteDbParameterGroup(DbParameterGroupDeletion deletion, Owner owner);

    default void deleteDbParameterGroup(String name, Owner owner) {
        deleteDbParameterGroup(new DbParameterGroupDeletion(name), owner);
    }

    void ensureCacheSubnetGroup(CacheSubnetGroupRequest request);

    default void ensureCacheSubnetGroup(String name, List<String> subnetIds, Map<String, String> tags) {
        ensureCacheSubnetGroup(new CacheSubnetGroupRequest(name, subnetIds, tags));
    }

    void ensureCacheCluster(CacheClusterRequest request);

    /** Waits until the cluster is available; returns {@code host:port}. */
    String awaitCacheCluster(String clusterId, Duration timeout);

    void deleteCacheCluster(CacheClusterDeletion deletion, Duration timeout, Owner owner);

    default void deleteCacheCluster(String clusterId, Duration timeout, Owner owner) {
        deleteCacheCluster(new CacheClusterDeletion(clusterId), timeout, owner);
    }

    /** Creates the group unless this plan's already exists; reads the AUTH token from SSM when transit is encrypted. */
    void ensureReplicationGroup(AwsRequests.ReplicationGroupRequest request);

    /** Waits until the group is available; returns its primary endpoint as {@code host:port}. */
    String awaitReplicationGroup(String groupId, Duration timeout);

    void deleteReplicationGroup(AwsDeletions.ReplicationGroupDeletion deletion, Duration timeout, Owner owner);

    void deleteCacheSubnetGroup(CacheSubnetGroupDeletion deletion, Owner owner);

    default void deleteCacheSubnetGroup(String name, Owner owner) {
        deleteCacheSubnetGroup(new CacheSubnetGroupDeletion(name), owner);
    }

    /**
     * Writes a SecureString from {@code value} as the request says (see {@link SecureParameterRequest}); the value
     * never reaches a log. An existing parameter must be tagged for the plan in the request's tags. Returns true when
     * it wrote one.
     */
    boolean putSecureParameter(SecureParameterRequest request, Supplier<String> value);

    default void putSecureParameter(String name, String value, Map<String, String> tags) {
        putSecureParameter(SecureParameterRequest.replacing(name, "<value>", tags), () -> value);
    }

    default boolean putSecureParameterIfAbsent(String name, Supplier<String> value, Map<String, String> tags) {
        return putSecureParameter(SecureParameterRequest.ifAbsent(name, "<value>", tags), value);
    }

    Optional<String> readSecureParameter(String name);

    /** Checks every named parameter that exists before deleting any of them. */
    void deleteParameters(ParametersDeletion deletion, Owner owner);

    default void deleteParameters(List<String> names, Owner owner) {
        deleteParameters(new ParametersDeletion(names), owner);
    }

    /** Creates the group when missing; sets its retention when it differs. */
    void ensureLogGroup(LogGroupRequest request);

    default void ensureLogGroup(String name, int retentionDays, Map<String, String> tags) {
        ensureLogGroup(new LogGroupRequest(name, retentionDays, tags));
    }

    void deleteLogGroup(LogGroupDeletion deletion, Owner owner);

    default void deleteLogGroup(String name, Owner owner) {
        deleteLogGroup(new LogGroupDeletion(name), owner);
    }

    /** Returns the cluster ARN. */
    String ensureCluster(ClusterRequest request);

    default String ensureCluster(String name, Map<String, String> tags) {
        return ensureCluster(new ClusterRequest(name, tags));
    }

    void deleteCluster(ClusterDeletion deletion, Owner owner);

    default void deleteCluster(String name, Owner owner) {
        deleteCluster(new ClusterDeletion(name), owner);
    }

    /** Registers a revision unless the latest active one is identical; returns its ARN. */
    String registerTaskDefinition(TaskDefinitionRequest request);

    /** Checks every revision of the family before deregistering any of them. */
    void deregisterTaskDefinitions(String family, Owner owner);

    void ensureService(ServiceRequest request);

    void scaleService(ServiceScaleRequest request, Owner owner);

    default void scaleService(String cluster, String service, int desiredCount, Owner owner) {
        scaleService(new ServiceScaleRequest(cluster, service, desiredCount), owner);
    }

    /** Waits until the service's deployments are done and runningCount equals desiredCount. */
    void awaitServiceStable(String cluster, String service, Duration timeout);

    int runningTaskCount(String cluster, String service);

    void deleteService(ServiceDeletionRequest request, Duration timeout, Owner owner);

    default void deleteService(String cluster, String service, Duration timeout, Owner owner) {
        deleteService(new ServiceDeletionRequest(cluster, service), timeout, owner);
    }

    /** Creates or adopts the (HTTP, target type ip) target group; returns its ARN. */
    String ensureTargetGroup(TargetGroupRequest request);

    default String ensureTargetGroup(String name, String vpcId, int port, String healthPath, Map<String, String> tags) {
        return ensureTargetGroup(new TargetGroupRequest(name, vpcId, port, healthPath, tags));
    }

    /**
     * A host-header rule for {@code hostNames} forwarding to the target group; it carries the target group's tags.
     * An existing rule is changed only when it is tagged for {@code owner}.
     */
    void ensureListenerRule(ListenerRuleRequest request, Owner owner);

    default void ensureListenerRule(String listenerArn, String targetGroupArn, List<String> hostNames, int priority,
                                    Owner owner) {
        ensureListenerRule(new ListenerRuleRequest(listenerArn, targetGroupArn, hostNames, priority), owner);
    }

    void deleteListenerRule(ListenerRuleDeletion deletion, Owner owner);

    default void deleteListenerRule(String listenerArn, String targetGroupArn, Owner owner) {
        deleteListenerRule(new ListenerRuleDeletion(listenerArn, targetGroupArn), owner);
    }

    void deleteTargetGroup(TargetGroupDeletion deletion, Owner owner);

    default void deleteTargetGroup(String targetGroupArn, Owner owner) {
        deleteTargetGroup(new TargetGroupDeletion(targetGroupArn), owner);
    }

    /** The DNS name and hosted zone of the listener's load balancer. */
    LoadBalancerAlias loadBalancerOf(String listenerArn);

    int healthyTargets(String targetGroupArn);

    /**
     * The security groups of the listener's load balancer, so the task group can admit it (and only it) on the
     * server port.
     */
    List<String> loadBalancerSecurityGroups(String listenerArn);

    Optional<DnsRecord> readRecord(String hostedZoneId, String name);

    /** UPSERTs the record and waits until Route53 reports INSYNC. */
    void upsertRecord(String hostedZoneId, DnsRecord record, Duration timeout);

    /**
     * Deletes the record ferry wrote as {@code written}. Route 53 records carry no tags, so the value is the proof:
     * a record whose current value differs (someone changed it since) is refused and left alone.
     */
    void deleteRecord(String hostedZoneId, DnsRecord written, Duration timeout);

    /**
     * Changes the record back to {@code previous}, only when its current value is one ferry wrote ({@code written},
     * or {@code previous} itself with the TTL ferry lowered); refuses, changing nothing, when it is anything else.
     */
    void restoreRecord(String hostedZoneId, DnsRecord previous, List<DnsRecord> written, Duration timeout);

    /** Releases the clients behind the port; nothing to release by default. */
    @Override
    default void close() {
    }

    /** Read-only probes for {@code ferry doctor}. */
    AwsChecks checks();

    /** The plan whose {@code ferry:plan} tag a resource must carry before ferry deletes or changes it. */
    record Owner(String plan) {
        public Owner {
            if (plan == null || plan.isBlank()) {
                throw new IllegalArgumentException("an owner needs a plan name");
            }
        }
    }

    /**
     * A security group rule that admits a port from a source group. {@code plan} is the value of its {@code ferry:plan}
     * tag (null when untagged); {@code added} is true when this call created it.
     */
    record IngressRule(String ruleId, String plan, boolean added) {
        public boolean ownedBy(String planName) {
            return planName.equals(plan);
        }

        /** Who holds the rule, for the operator: "untagged" or "plan 'x'". */
        public String holder() {
            return plan == null ? "untagged, likely the operator's own" : "tagged for plan '" + plan + "'";
        }
    }

    /** The tag every resource ferry creates carries; its value is the plan that owns the resource. */
    String PLAN_TAG = "ferry:plan";

    record LoadBalancerAlias(String dnsName, String canonicalHostedZoneId) {

        /**
         * True when {@code other} leads to the same load balancer. Route 53 answers alias names fully qualified (a
         * trailing dot), lower-cased and sometimes with a {@code dualstack.} prefix; ELB names have none of that.
         */
        public boolean sameTarget(LoadBalancerAlias other) {
            return other != null && bare(dnsName).equals(bare(other.dnsName))
                    && String.valueOf(canonicalHostedZoneId).equalsIgnoreCase(String.valueOf(other.canonicalHostedZoneId));
        }

        private static String bare(String name) {
            String lower = name.toLowerCase(Locale.ROOT);
            String undotted = lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
            return undotted.startsWith("dualstack.") ? undotted.substring("dualstack.".length()) : undotted;
        }
    }

    /** An A-alias record when {@code alias} is set, else a CNAME with {@code value}. */
    record DnsRecord(String name, String type, long ttl, String value, LoadBalancerAlias alias) {

        /**
         * True when {@code other} answers the same: the same load balancer for aliases, else the same type and
         * values (in any order, any case, with or without the trailing dot). The TTL does not count.
         */
        public boolean sameValue(DnsRecord other) {
            if (other == null || (alias == null) != (other.alias == null)) {
                return false;
            }
            if (alias != null) {
                return alias.sameTarget(other.alias);
            }
            return type.equalsIgnoreCase(other.type) && values(value).equals(values(other.value));
        }

        private static Set<String> values(String joined) {
            Set<String> values = new TreeSet<>();
            for (String part : String.valueOf(joined).split(",")) {
                String lower = part.trim().toLowerCase(Locale.ROOT);
                values.add(lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower);
            }
            return values;
        }
    }
}
