package dev.ferry.steps;

import dev.ferry.plan.Plan;
import dev.ferry.plan.ReplicationSource;
import dev.ferry.plan.StepIds;
import dev.ferry.step.Action;
import dev.ferry.step.ActionContext;
import dev.ferry.step.AwsChanges.RuleIngressRequest;
import dev.ferry.step.AwsPorts.IngressRule;
import dev.ferry.step.Effect;
import java.util.List;
import java.util.Optional;

/**
 * The network path a subscription on RDS needs to the host's PostgreSQL: one ingress rule in the host's security group
 * (the operator's, {@code target.network.hostSecurityGroupId}) from the RDS security group provision made, TCP on the
 * replication port only. The group is not ferry's, so the rule carries the plan's tags and only a rule carrying them is
 * ever revoked; an identical rule that was there already (the operator's, or another plan's) serves as it is and
 * stays.
 */
final class ReplicationPath {
    static final String OPEN = "open-replication-path";
    static final String CLOSE = "close-replication-path";
    static final String RULE_ID = "replicationRuleId";
    static final String RULE_ADDED_BY_FERRY = "replicationRuleOurs";
    static final String DB_GROUP = "databaseSecurityGroupId";
    private static final String DB_GROUP_SHOWN = "<db sg>";

    private final Plan plan;
    private final PlanNames names;
    private final int port;

    ReplicationPath(Plan plan, String replicationSource) {
        this.plan = plan;
        this.names = new PlanNames(plan);
        this.port = port(replicationSource);
    }

    ReplicationPath(MoveSettings s) {
        this(s.plan(), s.replicationSource());
    }

    /** The port of {@code address:port} (the plan loader checked its shape); the PostgreSQL default when unset. */
    static int port(String replicationSource) {
        return replicationSource == null ? PlanNames.POSTGRES_PORT : ReplicationSource.parse(replicationSource).port();
    }

    RuleIngressRequest request(String databaseGroupId) {
        return new RuleIngressRequest(plan.target().network().hostSecurityGroupId(), port, databaseGroupId,
                names.tags());
    }

    Action open() {
        return new Action(OPEN, "allow RDS to reach the local PostgreSQL: a rule in the host's security group from the"
                + " RDS security group, TCP " + port + " only, tagged " + names.tagText(),
                AwsCall.of(request(DB_GROUP_SHOWN)),
                ctx -> {
                    String dbGroup = ctx.requireOutput(StepIds.PROVISION, DB_GROUP);
                    RuleIngressRequest request = request(dbGroup);
                    IngressRule rule = ctx.aws().openIngress(request);
                    boolean ours = rule.ownedBy(plan.name());
                    ctx.record(RULE_ID, rule.ruleId());
                    ctx.record(RULE_ADDED_BY_FERRY, String.valueOf(ours));
                    ctx.progress(opened(request, rule, ours));
                });
    }

    private String opened(RuleIngressRequest request, IngressRule rule, boolean ours) {
        String path = request.groupId() + " admits " + request.sourceGroupId() + " on tcp/" + port;
        if (ours) {
            return path + ": rule " + rule.ruleId() + (rule.added() ? " added" : " already there") + ", tagged "
                    + names.tagText() + "; revoked when the replication is dropped";
        }
        return path + " by rule " + rule.ruleId() + ", which ferry did not add (" + rule.holder() + "): ferry uses it,"
                + " leaves it as it is and will never revoke it";
    }

    /** Forward, once the app runs on RDS: nothing subscribes any more (stop-replication dropped the subscription). */
    Action close() {
        return new Action(CLOSE, "revoke ferry's rule in the host's security group: nothing replicates any more (after"
                + " the app is back, so these calls are not in its downtime)", revokeEffects(), this::revoke);
    }

    /** The revoke as the preview shows it, after the subscription is dropped. */
    List<Effect> revokeEffects() {
        return request(DB_GROUP_SHOWN).revocationCalls().stream().map(AwsCall::of).toList();
    }

    /**
     * Revokes this plan's rule, re-read first; an already revoked rule, or none (ferry found someone else's, or never
     * got this far), is fine. Without the RDS group in state no rule of this plan can exist.
     */
    void revoke(ActionContext ctx) {
        Optional<String> dbGroup = ctx.output(StepIds.PROVISION, DB_GROUP);
        if (dbGroup.isEmpty()) {
            ctx.progress("no RDS security group in state: no replication rule to revoke");
            return;
        }
        RuleIngressRequest request = request(dbGroup.get());
        List<String> revoked = ctx.aws().revokeIngress(request, names.owner());
        ctx.progress(revoked.isEmpty() ? "no rule of this plan admits " + request.sourceGroupId() + " into "
                + request.groupId() + " on tcp/" + port + " (any other is left as it is)"
                : "revoked " + String.join(", ", revoked) + " (" + request.sourceGroupId() + " into "
                        + request.groupId() + " on tcp/" + port + ")");
    }
}
