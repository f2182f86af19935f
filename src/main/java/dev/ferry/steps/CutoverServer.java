package dev.ferry.steps;

import dev.ferry.Failures;
import dev.ferry.step.AwsChanges.ListenerRuleRequest;
import dev.ferry.step.AwsPorts.DnsRecord;
import dev.ferry.step.AwsPorts.LoadBalancerAlias;
import dev.ferry.step.Action;
import dev.ferry.step.ActionContext;
import dev.ferry.step.Effect;
import dev.ferry.step.Reversibility;
import dev.ferry.step.StepContext;
import dev.ferry.plan.Edge;
import dev.ferry.plan.ServiceRole;
import dev.ferry.plan.StepIds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Moves the real domain to the ALB. The TTL is lowered first and the old TTL waited out, so the switch reaches every
 * resolver within the lowered TTL; the EC2 server keeps answering until then, so no request fails.
 */
public final class CutoverServer extends BuiltInStep {
    static final String ID = StepIds.CUTOVER_SERVER;

    public CutoverServer() {
        super(ID, "Switch the real domain to the ALB, then stop the EC2 server", Reversibility.REVERSIBLE, false);
    }

    @Override
    public List<Action> actions(StepContext context) {
        Edge edge = context.plan().edge();
        boolean waitAhead = StepOptions.flag(context.spec(), "waitForOldTtl");
        HostActions host = new HostActions(context.plan(), ID);
        return List.of(
                readCurrentRecord(edge),
                lowerTtl(edge, waitAhead),
                routeHosts("route-real-host", context, List.of(edge.temporaryDomain(), edge.domain())),
                switchRecord(edge),
                waitSince("wait-for-cached-answers", "switchedAt", waitAhead ? "the lowered TTL (" + edge.loweredTtl()
                        + "s)" : "the old TTL", ctx -> waitAhead ? edge.loweredTtl() : oldTtl(ctx)),
                host.stop("stop-ec2-server", servers(context), "stoppedServer", null));
    }

    @Override
    public List<Action> rollbackActions(StepContext context) {
        Edge edge = context.plan().edge();
        HostActions host = new HostActions(context.plan(), ID);
        return List.of(
                host.start("start-ec2-server", servers(context), ID, "stoppedServer").undoing("stop-ec2-server"),
                new Action("restore-record", "point " + edge.domain() + " back where it pointed before",
                        List.of(Effect.check("route53:ListResourceRecordSets(HostedZoneId=" + edge.hostedZoneId()
                                        + ", StartRecordName=" + edge.domain() + ")  # must hold what ferry wrote (the ALB,"
                                        + " or the old value with the lowered TTL), else nothing is changed"),
                                AwsCall.dns(edge.hostedZoneId(), "UPSERT",
                                        edge.domain() + " <old type> <old value>, TTL=<old TTL>", null),
                                Effect.await("route53:GetChange until INSYNC")),
                        ctx -> {
                            LoadBalancerAlias alb = ctx.aws().loadBalancerOf(edge.listenerArn());
                            ctx.aws().restoreRecord(edge.hostedZoneId(), oldRecord(ctx), List.of(switched(ctx, alb)),
                                    VerifyTemporaryDomain.DNS_TIMEOUT);
                            ctx.record("restoredAt", Instant.now().toString());
                        }).undoing("lower-ttl", "switch-record"),
                waitSince("wait-for-cached-answers", "restoredAt", "the TTL of the ALB answers (" + edge.loweredTtl()
                        + "s for a CNAME, " + aliasTtl(context).toSeconds() + "s for an alias), until no resolver sends"
                        + " users to the ALB", ctx -> albAnswerTtl(ctx, context)).undoing("switch-record"),
                routeHosts("unroute-real-host", context, List.of(edge.temporaryDomain())).undoing("route-real-host"));
    }

    /**
     * The listener rule verify-temporary-domain made matches the temporary host only; the ALB answers every other
     * host with its default action, so the real domain is added before any resolver can send users to the ALB.
     */
    private static Action routeHosts(String name, StepContext context, List<String> hosts) {
        Edge edge = context.plan().edge();
        int priority = VerifyTemporaryDomain.priority(context);
        PlanNames names = new PlanNames(context.plan());
        String rule = "<rule for " + edge.temporaryDomain() + ">";
        ListenerRuleRequest request = new ListenerRuleRequest(edge.listenerArn(), "<target group "
                + names.targetGroup() + ">", hosts, priority);
        return new Action(name, "listener rule: hosts " + hosts + " → server target group",
                Stream.concat(Stream.of(AwsCall.ownerCheck(names, "it", "elbv2:DescribeTags", "ResourceArns",
                        "[" + rule + "]")), AwsCall.of(request).stream()).toList(),
                ctx -> ctx.aws().ensureListenerRule(request.withTargetGroup(VerifyTemporaryDomain.targetGroup(ctx)),
                        names.owner()));
    }

    /** Resolvers cache an answer for an ALB alias with Route 53's TTL for it (60 s), not the record's lowered TTL. */
    private static Duration aliasTtl(StepContext context) {
        return StepOptions.duration(context.spec(), "aliasTtl");
    }

    private static long albAnswerTtl(ActionContext ctx, StepContext context) {
        boolean cname = "CNAME".equals(ctx.output(ID, "oldType").orElse("A"));
        long lowered = ctx.plan().edge().loweredTtl();
        return cname ? lowered : Math.max(lowered, aliasTtl(context).toSeconds());
    }

    @Override
    public Object planInput(StepContext context) {
        return Map.of("edge", context.plan().edge(), "servers", servers(context),
                "waitForOldTtl", StepOptions.flag(context.spec(), "waitForOldTtl"));
    }

    private static Action readCurrentRecord(Edge edge) {
        return new Action("read-current-record", "remember where " + edge.domain() + " points now",
                List.of(Effect.check("route53:ListResourceRecordSets(HostedZoneId=" + edge.hostedZoneId()
                        + ", StartRecordName=" + edge.domain() + ")")),
                ctx -> {
                    if (ctx.output(ID, "oldType").isPresent()) {
                        return;
                    }
                    DnsRecord current = ctx.aws().readRecord(edge.hostedZoneId(), edge.domain()).orElseThrow(() ->
                            Failures.preflight("no record for " + edge.domain() + " in zone " + edge.hostedZoneId(),
                                    "Check edge.domain and edge.hostedZoneId"));
                    ctx.record("oldType", current.type());
                    ctx.record("oldTtl", String.valueOf(current.alias() != null ? 60 : current.ttl()));
                    ctx.record("oldValue", current.value() == null ? "" : current.value());
                    if (current.alias() != null) {
                        ctx.record("oldAliasDns", current.alias().dnsName());
                        ctx.record("oldAliasZone", current.alias().canonicalHostedZoneId());
                    }
                    ctx.progress(edge.domain() + " is " + current.type() + " " + describe(current));
                });
    }

    private Action lowerTtl(Edge edge, boolean waitAhead) {
        return new Action("lower-ttl", "lower the TTL of " + edge.domain() + " to " + edge.loweredTtl() + "s ahead of the switch",
                List.of(AwsCall.dns(edge.hostedZoneId(), "UPSERT",
                                edge.domain() + " <current type> <current value>, TTL=" + edge.loweredTtl(), null),
                        Effect.await(waitAhead ? "the old TTL, so every resolver has the lowered one" : "no wait (waitForOldTtl=false)")),
                ctx -> {
                    DnsRecord old = oldRecord(ctx);
                    if (old.alias() == null && old.ttl() > edge.loweredTtl() && ctx.output(ID, "ttlLoweredAt").isEmpty()) {
                        ctx.aws().upsertRecord(edge.hostedZoneId(), new DnsRecord(old.name(), old.type(), edge.loweredTtl(),
                                old.value(), null), VerifyTemporaryDomain.DNS_TIMEOUT);
                        ctx.record("ttlLoweredAt", Instant.now().toString());
                    }
                    if (waitAhead && ctx.output(ID, "ttlLoweredAt").isPresent()) {
                        waitRemaining(ctx, "ttlLoweredAt", old.ttl(), "the old TTL");
                    }
                });
    }

    private static Action switchRecord(Edge edge) {
        return new Action("switch-record", edge.domain() + " → the ALB", List.of(
                AwsCall.dns(edge.hostedZoneId(), "UPSERT", edge.domain() + " A ALIAS → <alb dns name>",
                        "CNAME → <alb dns name>, TTL=" + edge.loweredTtl() + " if it is a CNAME today"),
                Effect.await("route53:GetChange until INSYNC")),
                ctx -> {
                    LoadBalancerAlias alb = ctx.aws().loadBalancerOf(edge.listenerArn());
                    ctx.aws().upsertRecord(edge.hostedZoneId(), switched(ctx, alb), VerifyTemporaryDomain.DNS_TIMEOUT);
                    if (ctx.output(ID, "switchedAt").isEmpty()) {
                        ctx.record("switchedAt", Instant.now().toString());
                    }
                    ctx.progress(edge.domain() + " now points at " + alb.dnsName());
                });
    }

    /** What switch-record writes: a CNAME stays a CNAME (to the ALB's name), anything else becomes an alias. */
    private static DnsRecord switched(ActionContext ctx, LoadBalancerAlias alb) {
        Edge edge = ctx.plan().edge();
        boolean cname = "CNAME".equals(ctx.output(ID, "oldType").orElse("A"));
        return cname ? new DnsRecord(edge.domain(), "CNAME", edge.loweredTtl(), alb.dnsName(), null)
                : new DnsRecord(edge.domain(), "A", edge.loweredTtl(), null, alb);
    }

    private static Action waitSince(String name, String sinceKey, String what, java.util.function.ToLongFunction<ActionContext> ttl) {
        return new Action(name, "wait " + what,
                List.of(Effect.await(what + " since the record changed (resumes where it left off)")),
                ctx -> waitRemaining(ctx, sinceKey, ttl.applyAsLong(ctx), what));
    }

    /** Waits what is left of {@code seconds} since the instant recorded under {@code sinceKey}. */
    private static void waitRemaining(ActionContext ctx, String sinceKey, long seconds, String what) {
        Instant since = ctx.output(ID, sinceKey).map(Instant::parse).orElse(Instant.now());
        Duration left = Duration.between(Instant.now(), since.plusSeconds(seconds));
        if (!left.isNegative() && !left.isZero()) {
            ctx.progress("waiting " + left.toSeconds() + "s for " + what);
            Poll.sleep(left);
        }
    }

    private static long oldTtl(ActionContext ctx) {
        return Long.parseLong(ctx.output(ID, "oldTtl").orElse("300"));
    }

    private static DnsRecord oldRecord(ActionContext ctx) {
        Edge edge = ctx.plan().edge();
        String type = ctx.output(ID, "oldType").orElseThrow(() -> Failures.step("no old record of " + edge.domain()
                + " was recorded", "Point it back by hand; see runbooks/" + ID + ".md"));
        LoadBalancerAlias alias = ctx.output(ID, "oldAliasDns")
                .map(dns -> new LoadBalancerAlias(dns, ctx.output(ID, "oldAliasZone").orElse(""))).orElse(null);
        String value = ctx.output(ID, "oldValue").filter(v -> !v.isEmpty()).orElse(null);
        return new DnsRecord(edge.domain(), type, oldTtl(ctx), value, alias);
    }

    private static String describe(DnsRecord record) {
        return record.alias() != null ? "ALIAS " + record.alias().dnsName() : record.value() + " (TTL " + record.ttl() + "s)";
    }

    private static List<String> servers(StepContext context) {
        return context.plan().compose().servicesWith(ServiceRole.SERVER);
    }
}
