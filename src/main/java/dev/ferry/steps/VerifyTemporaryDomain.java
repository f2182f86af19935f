package dev.ferry.steps;

import dev.ferry.Failures;
import dev.ferry.step.AwsChanges.ListenerRuleDeletion;
import dev.ferry.step.AwsChanges.ListenerRuleRequest;
import dev.ferry.step.HttpProbe;
import dev.ferry.step.AwsPorts.DnsRecord;
import dev.ferry.step.AwsPorts.LoadBalancerAlias;
import dev.ferry.step.Action;
import dev.ferry.step.ActionContext;
import dev.ferry.step.Effect;
import dev.ferry.step.Reversibility;
import dev.ferry.step.StepContext;
import dev.ferry.plan.Edge;
import dev.ferry.plan.EcsService;
import dev.ferry.plan.StepCatalog;
import dev.ferry.plan.StepIds;
import dev.ferry.plan.StepSpec;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Proves the Fargate server works end to end before any real user moves: the server service runs behind the ALB,
 * a temporary name points at the ALB, and an HTTPS GET of the health path through it answers 200.
 */
public final class VerifyTemporaryDomain extends BuiltInStep {
    static final String ID = StepIds.VERIFY_TEMPORARY_DOMAIN;
    static final Duration DNS_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration ATTEMPT_INTERVAL = Duration.ofSeconds(10);

    private final HttpProbe http;

    public VerifyTemporaryDomain(HttpProbe http) {
        super(ID, "Run the Fargate server behind the ALB and check it through a temporary domain",
                Reversibility.REVERSIBLE, false);
        this.http = http;
    }

    @Override
    public List<Action> actions(StepContext context) {
        EcsActions ecs = new EcsActions(context.plan());
        EcsService server = new PlanNames(context.plan()).ecsServer();
        return List.of(
                routeTemporaryHost(context),
                ecs.scale("start-fargate-server", List.of(server), true, stableTimeout(context), 1),
                awaitHealthyTargets(context),
                pointTemporaryRecord(context.plan().edge()),
                checkHttps(context));
    }

    @Override
    public List<Action> rollbackActions(StepContext context) {
        Edge edge = context.plan().edge();
        EcsActions ecs = new EcsActions(context.plan());
        PlanNames names = new PlanNames(context.plan());
        EcsService server = names.ecsServer();
        return List.of(
                new Action("delete-temporary-record", "delete the temporary record ferry created",
                        List.of(Effect.check("route53:ListResourceRecordSets(HostedZoneId=" + edge.hostedZoneId()
                                        + ", StartRecordName=" + edge.temporaryDomain() + ")  # must still be the alias to"
                                        + " the ALB that ferry wrote, else nothing is deleted"),
                                AwsCall.dns(edge.hostedZoneId(), "DELETE",
                                        edge.temporaryDomain() + " A ALIAS → <alb dns name>", null)),
                        ctx -> deleteTemporaryRecord(ctx, edge)).undoing("point-temporary-record"),
                ecs.scale("stop-fargate-server", List.of(server), false, stableTimeout(context), 1)
                        .undoing("start-fargate-server"),
                new Action("remove-listener-rule", "stop routing the temporary host to the target group",
                        List.of(AwsCall.ownerCheck(names, "it", "elbv2:DescribeTags", "ResourceArns", "[<rule for "
                                        + edge.temporaryDomain() + ">]"),
                                AwsCall.of(new ListenerRuleDeletion(edge.listenerArn(), "<target group "
                                        + names.targetGroup() + ">")).get(0)),
                        ctx -> ctx.aws().deleteListenerRule(new ListenerRuleDeletion(edge.listenerArn(), targetGroup(ctx)),
                                names.owner()))
                        .undoing("route-temporary-host"));
    }

    @Override
    public Object planInput(StepContext context) {
        return Map.of("edge", context.plan().edge(), "server", new PlanNames(context.plan()).ecsServer(),
                "priority", priority(context));
    }

    private Action routeTemporaryHost(StepContext context) {
        Edge edge = context.plan().edge();
        ListenerRuleRequest rule = new ListenerRuleRequest(edge.listenerArn(), "<target group "
                + new PlanNames(context.plan()).targetGroup() + ">", List.of(edge.temporaryDomain()), priority(context));
        return new Action("route-temporary-host", "listener rule: host " + edge.temporaryDomain() + " → server target group",
                AwsCall.of(rule), ctx -> ctx.aws().ensureListenerRule(rule.withTargetGroup(targetGroup(ctx)),
                        new PlanNames(context.plan()).owner()));
    }

    private Action awaitHealthyTargets(StepContext context) {
        Duration timeout = stableTimeout(context);
        return new Action("await-healthy-targets", "the load balancer sees a healthy server",
                List.of(Effect.await("elbv2:DescribeTargetHealth(TargetGroupArn=<target group>) until ≥1 healthy, up to "
                        + timeout.toMinutes() + " min")),
                ctx -> {
                    String group = targetGroup(ctx);
                    if (!Poll.until(timeout, Duration.ofSeconds(10), () -> ctx.aws().healthyTargets(group) > 0)) {
                        throw Failures.step("no healthy target in " + group + " after " + timeout.toMinutes() + " min",
                                "Check the server task logs in " + ctx.plan().target().ecs().logGroup()
                                        + " and the health check path " + ctx.plan().edge().healthPath());
                    }
                });
    }

    private Action pointTemporaryRecord(Edge edge) {
        return new Action("point-temporary-record", edge.temporaryDomain() + " → the ALB", List.of(
                Effect.check("route53:ListResourceRecordSets(HostedZoneId=" + edge.hostedZoneId() + ", StartRecordName="
                        + edge.temporaryDomain() + ")  # must be absent or already this ALB"),
                AwsCall.dns(edge.hostedZoneId(), "UPSERT", edge.temporaryDomain() + " A ALIAS → <alb dns name>", null),
                Effect.await("route53:GetChange until INSYNC, up to " + DNS_TIMEOUT.toMinutes() + " min")),
                ctx -> {
                    LoadBalancerAlias alb = ctx.aws().loadBalancerOf(edge.listenerArn());
                    Optional<DnsRecord> existing = ctx.aws().readRecord(edge.hostedZoneId(), edge.temporaryDomain());
                    if (existing.isPresent() && !alb.sameTarget(existing.get().alias())) {
                        throw Failures.preflight(edge.temporaryDomain() + " already exists (" + existing.get().type()
                                + " " + existing.get().value() + ") and is not ferry's", "Pick another edge.temporaryDomain");
                    }
                    ctx.record("temporaryRecord", edge.temporaryDomain());
                    ctx.aws().upsertRecord(edge.hostedZoneId(), aliasRecord(edge, alb), DNS_TIMEOUT);
                });
    }

    private static DnsRecord aliasRecord(Edge edge, LoadBalancerAlias alb) {
        return new DnsRecord(edge.temporaryDomain(), "A", edge.loweredTtl(), null, alb);
    }

    private Action checkHttps(StepContext context) {
        Edge edge = context.plan().edge();
        URI uri = URI.create("https://" + edge.temporaryDomain() + edge.healthPath());
        int attempts = Math.max(1, StepOptions.integer(context.spec(), "attempts"));
        return new Action("check-https", "HTTPS GET " + uri + " must answer 200",
                List.of(Effect.check("GET " + uri + " → expect HTTP 200 (up to " + attempts + " attempts, "
                        + ATTEMPT_INTERVAL.toSeconds() + "s apart)")),
                ctx -> {
                    String last = "no attempt";
                    for (int i = 1; i <= attempts; i++) {
                        last = attempt(uri);
                        if (last.equals("200")) {
                            ctx.progress("GET " + uri + " → 200 (attempt " + i + ")");
                            return;
                        }
                        Poll.sleep(ATTEMPT_INTERVAL);
                    }
                    throw Failures.step("GET " + uri + " did not answer 200 in " + attempts + " attempts (last: " + last
                            + ")", "Try `curl -v " + uri + "` and check the certificate, the listener rule and DNS");
                });
    }

    private String attempt(URI uri) {
        try {
            return String.valueOf(http.get(uri, ATTEMPT_INTERVAL));
        } catch (java.io.IOException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.ferry.FerryException(dev.ferry.ErrorCode.INTERRUPTED, "interrupted during GET " + uri, e);
        }
    }

    /** Only a record this run wrote, and only while it is still the alias ferry wrote (the adapter checks that). */
    private static void deleteTemporaryRecord(ActionContext ctx, Edge edge) {
        if (ctx.output(ID, "temporaryRecord").isEmpty()) {
            return;
        }
        LoadBalancerAlias alb = ctx.aws().loadBalancerOf(edge.listenerArn());
        ctx.aws().deleteRecord(edge.hostedZoneId(), aliasRecord(edge, alb), DNS_TIMEOUT);
    }

    static String targetGroup(ActionContext ctx) {
        return ctx.output(StepIds.PROVISION, "targetGroupArn").orElseThrow(() -> Failures.preflight(
                "no target group recorded by " + StepIds.PROVISION, "Apply provision first"));
    }

    /**
     * A stable rule priority per plan unless set, so two plans on one listener rarely collide. Read from this step's
     * entry in the plan, as cutover-server changes the same rule.
     */
    static int priority(StepContext context) {
        Optional<StepSpec> verify = context.spec().id().equals(ID) ? Optional.of(context.spec())
                : context.plan().step(ID);
        return verify.flatMap(spec -> StepOptions.optionalInteger(spec, "rulePriority"))
                .orElseGet(() -> StepCatalog.rulePriority(context.plan().name()));
    }

    private static Duration stableTimeout(StepContext context) {
        return StepOptions.duration(context.spec(), "stableTimeout");
    }
}
