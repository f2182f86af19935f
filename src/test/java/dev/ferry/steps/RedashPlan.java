package dev.ferry.steps;

import dev.ferry.step.Action;
import dev.ferry.step.Effect;
import dev.ferry.step.StepContext;
import dev.ferry.plan.CacheSpec;
import dev.ferry.plan.ComposeProject;
import dev.ferry.plan.DatabaseSpec;
import dev.ferry.plan.EcsService;
import dev.ferry.plan.EcsSpec;
import dev.ferry.plan.Edge;
import dev.ferry.plan.Network;
import dev.ferry.plan.ParameterSpec;
import dev.ferry.plan.Plan;
import dev.ferry.plan.ServiceRole;
import dev.ferry.plan.SourceHost;
import dev.ferry.plan.StepIds;
import dev.ferry.plan.StepSpec;
import dev.ferry.plan.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A Redash-shaped plan built from the records, with secrets planted where a careless preview would leak them. */
public final class RedashPlan {
    static final String MAIL_PASSWORD = "planted-mail-password-7731";
    static final String LDAP_PASSWORD = "planted-ldap-pw-4410";
    static final List<String> SECRETS = List.of(MAIL_PASSWORD, LDAP_PASSWORD);

    private RedashPlan() {
    }

    public static Plan plan() {
        Map<String, ServiceRole> services = new LinkedHashMap<>();
        services.put("server", ServiceRole.SERVER);
        services.put("scheduler", ServiceRole.SCHEDULER);
        services.put("scheduled_worker", ServiceRole.WORKER);
        services.put("adhoc_worker", ServiceRole.WORKER);
        services.put("worker", ServiceRole.WORKER);
        services.put("redis", ServiceRole.CACHE);
        services.put("postgres", ServiceRole.DATABASE);
        services.put("nginx", ServiceRole.KEEP);
        ComposeProject compose = new ComposeProject("/opt/redash", "docker-compose.yml", "/opt/redash/env", services,
                "REDASH_DATABASE_URL", "REDASH_REDIS_URL");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PYTHONUNBUFFERED", "0");
        env.put("REDASH_LOG_LEVEL", "INFO");
        env.put("REDASH_MAIL_PASSWORD", MAIL_PASSWORD);
        env.put("REDASH_LDAP_URL", "ldap://admin:" + LDAP_PASSWORD + "@ldap.internal");
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("REDASH_DATABASE_URL", "REDASH_DATABASE_URL");
        secrets.put("REDASH_REDIS_URL", "REDASH_REDIS_URL");
        secrets.put("REDASH_SECRET_KEY", "REDASH_SECRET_KEY");
        secrets.put("REDASH_COOKIE_SECRET", "REDASH_COOKIE_SECRET");
        List<EcsService> ecsServices = List.of(
                new EcsService("server", List.of("server"), env, secrets, 1024, 2048, 2, false, 5000),
                new EcsService("scheduler", List.of("scheduler"), env, secrets, 512, 1024, 1, true, null),
                new EcsService("worker", List.of("worker"), env, secrets, 1024, 2048, 2, false, null),
                new EcsService("adhoc_worker", List.of("worker"), env, secrets, 1024, 2048, 2, false, null),
                new EcsService("scheduled_worker", List.of("worker"), env, secrets, 512, 1024, 1, false, null));
        Target target = new Target("eu-west-1", "prod",
                new Network("vpc-0abc", List.of("subnet-0a", "subnet-0b"), "sg-0host"),
                new DatabaseSpec("redash", "16.4", "db.t4g.medium", 50, "redash", "redash", 7, false),
                new CacheSpec("redash", "cache.t4g.small", "7.1"),
                new ParameterSpec("/redash/prod", List.of("REDASH_SECRET_KEY", "REDASH_COOKIE_SECRET")),
                new EcsSpec("redash-prod", "redash/redash:10.1.0.b50633", "arn:aws:iam::123456789012:role/redash-exec",
                        "arn:aws:iam::123456789012:role/redash-task", "/ecs/redash-prod", ecsServices));
        Edge edge = new Edge("Z0HOSTED", "redash.example.com", "redash-new.example.com",
                "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/main/abc/def", "/ping", 60);
        List<StepSpec> steps = StepIds.ALL.stream()
                .map(id -> new StepSpec(id, StepSpec.StepKind.BUILTIN, Map.of(), List.of())).toList();
        return new Plan("redash-prod", new SourceHost("redash.internal", "ubuntu", 22, "~/.ssh/id_ed25519",
                "~/.ssh/known_hosts", null), compose, target, edge, steps);
    }

    static StepContext context(String stepId) {
        Plan plan = plan();
        return new StepContext(plan, plan.step(stepId).orElseThrow());
    }

    static StepContext context(String stepId, Map<String, Object> options) {
        Plan plan = plan();
        return new StepContext(plan, new StepSpec(stepId, StepSpec.StepKind.BUILTIN, options, List.of()));
    }

    /** {@code stepId}'s context in a plan where step {@code otherId} has {@code otherOptions}. */
    static StepContext context(String stepId, Map<String, Object> options, String otherId,
                               Map<String, Object> otherOptions) {
        Plan base = plan();
        List<StepSpec> steps = base.steps().stream().map(spec -> spec.id().equals(otherId)
                ? new StepSpec(otherId, StepSpec.StepKind.BUILTIN, otherOptions, List.of())
                : spec.id().equals(stepId) ? new StepSpec(stepId, StepSpec.StepKind.BUILTIN, options, List.of()) : spec)
                .toList();
        Plan plan = new Plan(base.name(), base.source(), base.compose(), base.target(), base.edge(), steps, base.state());
        return new StepContext(plan, plan.step(stepId).orElseThrow());
    }

    static List<String> texts(List<Action> actions) {
        return actions.stream().flatMap(a -> a.effects().stream()).map(Effect::text).toList();
    }

    static List<String> names(List<Action> actions) {
        return actions.stream().map(Action::name).toList();
    }
}
