package dev.ferry.aws;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.step.AwsPorts.LoadBalancerAlias;
import dev.ferry.step.AwsDeletions.TargetGroupDeletion;
import dev.ferry.step.AwsChanges.ListenerRuleDeletion;
import dev.ferry.step.AwsChanges.ListenerRuleRequest;
import dev.ferry.step.AwsPorts.Owner;
import dev.ferry.step.AwsRequests.TargetGroupRequest;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/** The target group of the web service and its host-header rule on an existing ALB listener. */
final class ElbOps {
    private static final Logger log = LoggerFactory.getLogger(ElbOps.class);

    private final ElasticLoadBalancingV2Client elb;
    private final AwsCalls calls;

    ElbOps(ElasticLoadBalancingV2Client elb, AwsSettings settings) {
        this.elb = elb;
        this.calls = new AwsCalls(AwsService.ELB, settings);
    }

    String ensureTargetGroup(TargetGroupRequest request) {
        String name = request.name();
        int port = request.port();
        String healthPath = request.healthPath();
        PlanTags wanted = PlanTags.of(request.tags());
        Optional<TargetGroup> existing = calls.find("DescribeTargetGroups", name, () -> elb
                .describeTargetGroups(r -> r.names(name)).targetGroups().stream().findFirst().orElse(null));
        if (existing.isPresent()) {
            wanted.requireAdoptable(AwsService.ELB, "target group", name, tagsOf(existing.get().targetGroupArn()));
            log.info("target group {} already exists for plan {}", name, wanted.plan());
            return existing.get().targetGroupArn();
        }
        String arn = calls.call("CreateTargetGroup", name, () -> elb.createTargetGroup(r -> r.name(name)
                .protocol(ProtocolEnum.HTTP).port(port).vpcId(request.vpcId()).targetType(TargetTypeEnum.IP)
                .healthCheckProtocol(ProtocolEnum.HTTP).healthCheckPath(healthPath).matcher(m -> m.httpCode(TargetGroupRequest.HEALTHY_CODES))
                .tags(sdkTags(wanted.values())))).targetGroups().get(0).targetGroupArn();
        log.info("created target group {} (HTTP {} , health {})", name, port, healthPath);
        return arn;
    }

    /** The rule carries the target group's tags, so it is found and owned like everything else ferry creates. */
    void ensureListenerRule(ListenerRuleRequest request, Owner owner) {
        String listenerArn = request.listenerArn();
        String targetGroupArn = request.targetGroupArn();
        List<String> hostNames = request.hostNames();
        int priority = request.priority();
        RuleCondition hosts = RuleCondition.builder().field(ListenerRuleRequest.CONDITION_FIELD)
                .hostHeaderConfig(h -> h.values(hostNames)).build();
        Optional<Rule> existing = rulesForwardingTo(listenerArn, targetGroupArn).stream().findFirst();
        if (existing.isPresent()) {
            if (!new HashSet<>(hostNamesOf(existing.get())).equals(new HashSet<>(hostNames))) {
                requireOwned(owner, PlanTags.Touch.CHANGE, existing.get().ruleArn());
                calls.run("ModifyRule", existing.get().ruleArn(), () -> elb.modifyRule(r -> r
                        .ruleArn(existing.get().ruleArn()).conditions(hosts)));
                log.info("listener rule now matches hosts {}", hostNames);
            } else {
                log.info("listener rule for {} already exists", hostNames);
            }
            return;
        }
        Map<String, String> tags = tagsOf(targetGroupArn);
        calls.run("CreateRule", listenerArn + " priority " + priority, () -> elb.createRule(r -> r
                .listenerArn(listenerArn).priority(priority).conditions(hosts)
                .actions(Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(targetGroupArn).build())
                .tags(sdkTags(tags))));
        log.info("created listener rule {} -> {} at priority {}", hostNames, targetGroupArn, priority);
    }

    void deleteListenerRule(ListenerRuleDeletion deletion, Owner owner) {
        String targetGroupArn = deletion.targetGroupArn();
        List<Rule> rules = rulesForwardingTo(deletion.listenerArn(), targetGroupArn);
        rules.forEach(rule -> requireOwned(owner, PlanTags.Touch.DELETE, rule.ruleArn()));
        for (Rule rule : rules) {
            calls.delete("DeleteRule", rule.ruleArn(), () -> elb.deleteRule(r -> r.ruleArn(rule.ruleArn())));
        }
        log.info(rules.isEmpty() ? "no listener rule forwarded to {}" : "deleted the listener rule forwarding to {}",
                targetGroupArn);
    }

    void deleteTargetGroup(TargetGroupDeletion deletion, Owner owner) {
        String targetGroupArn = deletion.targetGroupArn();
        Optional<TargetGroup> found = calls.find("DescribeTargetGroups", targetGroupArn, () -> elb
                .describeTargetGroups(r -> r.targetGroupArns(targetGroupArn)).targetGroups().stream().findFirst()
                .orElse(null));
        found.ifPresent(group -> PlanTags.requireOwned(owner, PlanTags.Touch.DELETE, AwsService.ELB, "target group",
                group.targetGroupName(), tagsOf(targetGroupArn)));
        boolean deleted = found.isPresent() && calls.delete("DeleteTargetGroup", targetGroupArn,
                () -> elb.deleteTargetGroup(r -> r.targetGroupArn(targetGroupArn)));
        log.info(deleted ? "deleted target group {}" : "target group {} was already gone", targetGroupArn);
    }

    LoadBalancerAlias loadBalancerOf(String listenerArn) {
        var lb = loadBalancer(listenerArn);
        return new LoadBalancerAlias(lb.dnsName(), lb.canonicalHostedZoneId());
    }

    List<String> loadBalancerSecurityGroups(String listenerArn) {
        return List.copyOf(loadBalancer(listenerArn).securityGroups());
    }

    private software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer loadBalancer(String listenerArn) {
        String lbArn = calls.call("DescribeListeners", listenerArn, () -> elb.describeListeners(r -> r
                .listenerArns(listenerArn))).listeners().stream().findFirst()
                .orElseThrow(() -> new FerryException(ErrorCode.STEP_FAILED, "listener " + listenerArn
                        + " does not exist; check edge.listenerArn in the plan")).loadBalancerArn();
        return calls.call("DescribeLoadBalancers", lbArn, () -> elb.describeLoadBalancers(r -> r
                .loadBalancerArns(lbArn))).loadBalancers().get(0);
    }

    int healthyTargets(String targetGroupArn) {
        return (int) calls.call("DescribeTargetHealth", targetGroupArn, () -> elb.describeTargetHealth(r -> r
                .targetGroupArn(targetGroupArn))).targetHealthDescriptions().stream()
                .filter(t -> t.targetHealth() != null && t.targetHealth().state() == TargetHealthStateEnum.HEALTHY)
                .count();
    }

    /** Non-default rules of the listener that forward to the target group; none when the listener is gone. */
    private List<Rule> rulesForwardingTo(String listenerArn, String targetGroupArn) {
        List<Rule> rules = calls.find("DescribeRules", listenerArn, () -> elb.describeRules(r -> r
                .listenerArn(listenerArn)).rules()).orElse(List.of());
        return rules.stream().filter(rule -> !Boolean.TRUE.equals(rule.isDefault()))
                .filter(rule -> rule.actions().stream().anyMatch(action -> forwardsTo(action, targetGroupArn)))
                .toList();
    }

    private static boolean forwardsTo(Action action, String targetGroupArn) {
        return targetGroupArn.equals(action.targetGroupArn()) || (action.forwardConfig() != null
                && action.forwardConfig().targetGroups().stream()
                .anyMatch(t -> targetGroupArn.equals(t.targetGroupArn())));
    }

    private static List<String> hostNamesOf(Rule rule) {
        return rule.conditions().stream().filter(c -> "host-header".equals(c.field()))
                .flatMap(c -> c.hostHeaderConfig() != null ? c.hostHeaderConfig().values().stream()
                        : c.values().stream()).toList();
    }

    private void requireOwned(Owner owner, PlanTags.Touch touch, String ruleArn) {
        PlanTags.requireOwned(owner, touch, AwsService.ELB, "listener rule", ruleArn, tagsOf(ruleArn));
    }

    private Map<String, String> tagsOf(String arn) {
        return calls.call("DescribeTags", arn, () -> elb.describeTags(r -> r.resourceArns(arn))).tagDescriptions()
                .stream().findFirst().map(d -> PlanTags.toMap(d.tags(), Tag::key, Tag::value)).orElse(Map.of());
    }

    private static List<Tag> sdkTags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }
}
