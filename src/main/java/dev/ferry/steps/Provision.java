package dev.ferry.steps;

import dev.ferry.step.Action;
import dev.ferry.step.Effect;
import dev.ferry.step.Reversibility;
import dev.ferry.step.StepContext;
import dev.ferry.plan.StepIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Creates the AWS side through the SDK: security groups, secrets, RDS, ElastiCache, cluster, task definitions and
 * services at desiredCount 0, all tagged {@code ferry:plan=<name>}. Nothing serves traffic yet; rollback deletes it.
 */
public final class Provision extends BuiltInStep {
    static final String ID = StepIds.PROVISION;

    public Provision() {
        super(ID, "Provision RDS, ElastiCache, SSM parameters and ECS services (at zero tasks)",
                Reversibility.REVERSIBLE, false);
    }

    @Override
    public List<Action> actions(StepContext context) {
        int parallelism = parallelism(context);
        ProvisionNetwork network = new ProvisionNetwork(context.plan());
        ProvisionDataStores stores = new ProvisionDataStores(context.plan());
        ProvisionEcs ecs = new ProvisionEcs(context.plan(), logRetentionDays(context));
        return List.of(
                checkPlan(context, ecs),
                network.createSecurityGroups(),
                stores.storeSecrets(),
                stores.createDatabase(),
                stores.createCache(),
                ecs.createCluster(),
                network.createTargetGroup(),
                ecs.registerTaskDefinitions(parallelism),
                ecs.createServices(parallelism),
                stores.awaitDataStores(parallelism));
    }

    @Override
    public List<Action> rollbackActions(StepContext context) {
        int parallelism = parallelism(context);
        ProvisionNetwork network = new ProvisionNetwork(context.plan());
        ProvisionDataStores stores = new ProvisionDataStores(context.plan());
        ProvisionEcs ecs = new ProvisionEcs(context.plan(), logRetentionDays(context));
        return List.of(
                ecs.deleteServices(parallelism).undoing("create-services"),
                ecs.deleteClusterAndDefinitions().undoing("create-cluster", "register-task-definitions"),
                network.deleteTargetGroup().undoing("create-target-group"),
                stores.deleteDataStores(parallelism).undoing("create-database", "create-cache"),
                stores.deleteParameters().undoing("store-secrets", "await-data-stores"),
                network.deleteSecurityGroups().undoing("create-security-groups"));
    }

    @Override
    public Object planInput(StepContext context) {
        Map<String, Object> input = new java.util.LinkedHashMap<>();
        input.put("name", context.plan().name());
        input.put("target", context.plan().target());
        input.put("envFile", context.plan().compose().envFile());
        if (context.plan().edge() != null) {
            input.put("listener", context.plan().edge().listenerArn());
            input.put("healthPath", context.plan().edge().healthPath());
        }
        return input;
    }

    private static int parallelism(StepContext context) {
        return Math.max(1, StepOptions.integer(context.spec(), "parallelism"));
    }

    private static int logRetentionDays(StepContext context) {
        return StepOptions.integer(context.spec(), "logRetentionDays");
    }

    private static Action checkPlan(StepContext context, ProvisionEcs ecs) {
        List<String> written = new PlanNames(context.plan()).parameterKeys();
        return new Action("check-plan", "every secret an ECS service reads is one ferry writes",
                List.of(Effect.check("ECS services read only SSM keys " + written)),
                ctx -> ecs.requireKnownSecrets(written));
    }
}
