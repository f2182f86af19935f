package dev.ferry.steps;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.step.AwsPorts.Owner;
import dev.ferry.plan.EcsService;
import dev.ferry.plan.Plan;
import dev.ferry.plan.ServiceRole;
import java.util.List;
import java.util.Map;

/** Names of everything ferry creates for a plan, derived in one place so apply, rollback and runbooks agree. */
public final class PlanNames {
    public static final String TAG_KEY = "ferry:plan";
    public static final int POSTGRES_PORT = 5432;
    public static final int REDIS_PORT = 6379;
    /** SSM key (under the plan's prefix) of the generated RDS master password. */
    public static final String DATABASE_PASSWORD = "DATABASE_PASSWORD";
    /** SSM key (under the plan's prefix) of the generated ElastiCache AUTH token, when transit is encrypted. */
    public static final String CACHE_AUTH_TOKEN = "CACHE_AUTH_TOKEN";

    private final Plan plan;

    public PlanNames(Plan plan) {
        this.plan = plan;
    }

    /** The SSM key of the new database URL: the app's own env key, so ECS hands it over under the same name. */
    public String databaseUrlKey() {
        return plan.compose().databaseUrlKey();
    }

    /** The SSM key of the new Redis URL, named like the app's env key. */
    public String redisUrlKey() {
        return plan.compose().redisUrlKey();
    }

    /** Every SSM key ferry writes for this plan: the password, the cache's AUTH token (if any), both URLs and the carried env values. */
    public List<String> parameterKeys() {
        List<String> keys = new java.util.ArrayList<>(List.of(DATABASE_PASSWORD, databaseUrlKey(), redisUrlKey()));
        if (plan.target().cache().encrypted()) {
            keys.add(1, CACHE_AUTH_TOKEN);
        }
        keys.addAll(plan.target().parameters().carry());
        return keys;
    }

    public Map<String, String> tags() {
        return Map.of(TAG_KEY, plan.name());
    }

    /** Whose tag a resource must carry before the rollback of this plan deletes or changes it. */
    public Owner owner() {
        return new Owner(plan.name());
    }

    public String tagText() {
        return TAG_KEY + "=" + plan.name();
    }

    public String tasksSecurityGroup() {
        return plan.name() + "-tasks";
    }

    public String databaseSecurityGroup() {
        return plan.name() + "-db";
    }

    public String cacheSecurityGroup() {
        return plan.name() + "-cache";
    }

    public String dbSubnetGroup() {
        return plan.name() + "-db";
    }

    public String parameterGroupFamily() {
        return "postgres" + plan.target().database().engineMajor();
    }

    public String dbParameterGroup() {
        return plan.name() + "-" + parameterGroupFamily();
    }

    public String cacheSubnetGroup() {
        return plan.name() + "-cache";
    }

    /** Target group names are limited to 32 characters. */
    public String targetGroup() {
        String name = plan.name() + "-server";
        return name.length() <= 32 ? name : name.substring(0, 32).replaceAll("-+$", "");
    }

    public String parameter(String key) {
        return plan.target().parameters().nameFor(key);
    }

    public String ecsName(EcsService service) {
        return service.serviceName(plan.name());
    }

    public String databaseService() {
        return onlyService(ServiceRole.DATABASE);
    }

    public String cacheService() {
        return onlyService(ServiceRole.CACHE);
    }

    /** The role of an ECS service: its compose service's role, else what its shape says. */
    public ServiceRole role(EcsService service) {
        return plan.role(service);
    }

    public List<EcsService> ecsServices(ServiceRole role) {
        return plan.target().ecs().services().stream().filter(s -> role(s) == role).toList();
    }

    public EcsService ecsServer() {
        List<EcsService> servers = ecsServices(ServiceRole.SERVER);
        if (servers.size() != 1) {
            throw new FerryException(ErrorCode.INVALID_INPUT, "the plan needs exactly one ECS service with role server"
                    + " (found " + servers.size() + "); fix target.ecs.services");
        }
        return servers.get(0);
    }

    private String onlyService(ServiceRole role) {
        List<String> services = plan.compose().servicesWith(role);
        if (services.size() != 1) {
            throw new FerryException(ErrorCode.INVALID_INPUT, "the plan needs exactly one compose service with role "
                    + role.yamlName() + " (found " + services + "); fix compose.services");
        }
        return services.get(0);
    }
}
