package dev.ferry.steps;

import dev.ferry.Failures;
import dev.ferry.host.EnvFile;
import dev.ferry.step.AwsDeletions.ParametersDeletion;
import dev.ferry.step.AwsDeletions.DbParameterGroupDeletion;
import dev.ferry.step.AwsDeletions.DbSubnetGroupDeletion;
import dev.ferry.step.AwsDeletions.DbInstanceDeletionRequest;
import dev.ferry.step.AwsDeletions.DbProtectionRequest;
import dev.ferry.step.AwsChanges.SecureParameterRequest;
import dev.ferry.step.AwsRequests.DbInstanceRequest;
import dev.ferry.step.AwsRequests.DbParameterGroupRequest;
import dev.ferry.step.AwsRequests.DbSubnetGroupRequest;
import dev.ferry.step.Action;
import dev.ferry.step.ActionContext;
import dev.ferry.step.Effect;
import dev.ferry.plan.CacheSpec;
import dev.ferry.plan.DatabaseSpec;
import dev.ferry.plan.Plan;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * RDS, ElastiCache ({@link ProvisionCache}) and the SSM SecureStrings. The master password (and the cache's AUTH
 * token) is generated here and exists only in SSM; the
 * app's secrets are copied unchanged from the env file (Redash cannot decrypt its data sources if they change).
 */
final class ProvisionDataStores {
    private static final String ID = Provision.ID;
    private static final Duration DATABASE_TIMEOUT = Duration.ofMinutes(60);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final Plan plan;
    private final PlanNames names;
    private final String envPath;
    private final ProvisionCache cacheStore;

    ProvisionDataStores(Plan plan) {
        this.plan = plan;
        this.names = new PlanNames(plan);
        this.envPath = new HostActions(plan, ID).envPath();
        this.cacheStore = new ProvisionCache(plan);
    }

    private DatabaseSpec db() {
        return plan.target().database();
    }

    private CacheSpec cache() {
        return plan.target().cache();
    }

    private List<String> carried() {
        return plan.target().parameters().carry();
    }

    Action storeSecrets() {
        List<Effect> effects = new ArrayList<>();
        effects.add(Effect.check("read " + envPath + " on the host: " + String.join(", ", carried()) + " (values never shown)"));
        String password = names.parameter(PlanNames.DATABASE_PASSWORD);
        effects.add(AwsCall.of("ssm:GetParameter", "Name", password, "WithDecryption", false));
        effects.add(existingParameterCheck());
        SecureParameterRequest passwordRequest = SecureParameterRequest.ifAbsent(password, "<generated, 32 characters>",
                names.tags());
        effects.addAll(AwsCall.of(passwordRequest));
        Optional<SecureParameterRequest> tokenRequest = cacheStore.authToken();
        tokenRequest.ifPresent(t -> effects.addAll(AwsCall.of(t)));
        List<SecureParameterRequest> carriedRequests = carried().stream()
                .map(key -> parameter(key, "<" + key + " from " + envPath + ", unchanged>")).toList();
        carriedRequests.forEach(request -> effects.addAll(AwsCall.of(request)));
        return new Action("store-secrets", "SSM SecureStrings: generated master password" + tokenRequest.map(t ->
                ", generated cache AUTH token").orElse("") + " and the app's secrets", effects,
                ctx -> {
                    EnvFile env = EnvFile.parse(ctx.host().readFile(envPath));
                    List<String> missing = carried().stream().filter(k -> env.get(k).filter(v -> !v.isEmpty()).isEmpty()).toList();
                    if (!missing.isEmpty()) {
                        throw Failures.preflight(envPath + " has no value for " + missing, "Fix target.parameters.carry"
                                + " or the env file");
                    }
                    ctx.aws().putSecureParameter(passwordRequest, ProvisionDataStores::generatePassword);
                    tokenRequest.ifPresent(t -> ctx.aws().putSecureParameter(t, CacheUrl::generateToken));
                    for (int i = 0; i < carried().size(); i++) {
                        String value = env.get(carried().get(i)).orElseThrow();
                        ctx.aws().putSecureParameter(carriedRequests.get(i), () -> value);
                    }
                    ctx.progress("stored " + (carried().size() + 1 + tokenRequest.stream().count()) + " SecureStrings under " + plan.target().parameters().prefix());
                });
    }

    /** Ferry overwrites an existing parameter's value only when the parameter is this plan's. */
    private Effect existingParameterCheck() {
        return AwsCall.ownerCheck(names, "an existing one", "ssm:ListTagsForResource", "ResourceType", "Parameter",
                "ResourceId", "<each parameter below that exists>");
    }

    private SecureParameterRequest parameter(String key, String shownValue) {
        return SecureParameterRequest.replacing(names.parameter(key), shownValue, names.tags());
    }

    private SecureParameterRequest databaseUrlParameter() {
        return parameter(names.databaseUrlKey(),
                "postgresql://" + db().masterUsername() + ":****@<rds endpoint>/" + db().databaseName());
    }

    static String generatePassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder out = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }

    Action createDatabase() {
        DbSubnetGroupRequest subnetGroup = new DbSubnetGroupRequest(names.dbSubnetGroup(),
                plan.target().network().subnetIds(), names.tags());
        DbParameterGroupRequest parameterGroup = new DbParameterGroupRequest(names.dbParameterGroup(),
                names.parameterGroupFamily(), names.tags());
        DbInstanceRequest instance = new DbInstanceRequest(db().identifier(), db().engineVersion(),
                db().instanceClass(), db().allocatedStorageGb(), db().databaseName(), db().masterUsername(),
                names.parameter(PlanNames.DATABASE_PASSWORD), names.dbSubnetGroup(), names.dbParameterGroup(),
                "<db sg>", db().backupRetentionDays(), db().multiAz(), names.tags());
        return new Action("create-database", "RDS PostgreSQL: encrypted, private, backed up (deletion-protected once"
                + " available)", AwsCall.of(subnetGroup, parameterGroup, instance),
                ctx -> {
                    ctx.aws().ensureDbSubnetGroup(subnetGroup);
                    ctx.aws().ensureDbParameterGroup(parameterGroup);
                    ctx.aws().ensureDbInstance(instance.withSecurityGroupId(
                            ctx.requireOutput(ID, "databaseSecurityGroupId")));
                });
    }

    Action createCache() {
        return cacheStore.createCache();
    }

    Action awaitDataStores(int parallelism) {
        List<Effect> effects = new ArrayList<>(List.of(
                Effect.await("rds:DescribeDBInstances(DBInstanceIdentifier=" + db().identifier() + ") until available"
                        + ", up to " + DATABASE_TIMEOUT.toMinutes() + " min; stop at a state RDS does not leave"
                        + " (failed, incompatible-*)"),
                AwsCall.of(protection()).get(0),
                cacheStore.awaitEffect(),
                existingParameterCheck()));
        effects.addAll(AwsCall.of(databaseUrlParameter(), cacheStore.urlParameter()));
        return new Action("await-data-stores", "wait until RDS and ElastiCache are available; store their URLs", effects,
                ctx -> Parallel.run(parallelism, List.of(
                        Parallel.task("database " + db().identifier(), () -> awaitDatabase(ctx)),
                        Parallel.task("cache " + cache().clusterId(), () -> cacheStore.await(ctx)))));
    }

    private void awaitDatabase(ActionContext ctx) {
        String endpoint = ctx.aws().awaitDbInstance(protection(), DATABASE_TIMEOUT);
        ctx.record("rdsEndpoint", endpoint);
        String password = ctx.aws().readSecureParameter(names.parameter(PlanNames.DATABASE_PASSWORD)).orElseThrow(() ->
                Failures.stepWithNextAction("SSM parameter " + names.parameter(PlanNames.DATABASE_PASSWORD) + " is gone",
                        "Roll back provision and apply it again"));
        ctx.aws().putSecureParameter(databaseUrlParameter(), () -> databaseUrl(endpoint, password));
        ctx.progress("RDS available at " + endpoint);
    }

    String databaseUrl(String endpoint, String password) {
        return "postgresql://" + db().masterUsername() + ":" + password + "@" + endpoint + "/" + db().databaseName();
    }

    private DbProtectionRequest protection() {
        return new DbProtectionRequest(db().identifier(), true);
    }

    Action deleteDataStores(int parallelism) {
        DbInstanceDeletionRequest instance = new DbInstanceDeletionRequest(db().identifier(), true);
        DbSubnetGroupDeletion subnetGroup = new DbSubnetGroupDeletion(names.dbSubnetGroup());
        DbParameterGroupDeletion parameterGroup = new DbParameterGroupDeletion(names.dbParameterGroup());
        List<Effect> effects = new ArrayList<>();
        effects.add(AwsCall.ownerCheck(names, "it", "rds:DescribeDBInstances", "DBInstanceIdentifier", db().identifier()));
        effects.addAll(AwsCall.of(instance));
        effects.add(Effect.await("rds:DescribeDBInstances(DBInstanceIdentifier=" + db().identifier() + ") until deleted"));
        effects.add(AwsCall.ownerCheck(names, "each", "rds:ListTagsForResource", "ResourceName", "<ARN of DB subnet group "
                + names.dbSubnetGroup() + ", then of DB parameter group " + names.dbParameterGroup() + ">"));
        effects.addAll(AwsCall.of(subnetGroup, parameterGroup));
        effects.addAll(cacheStore.deleteEffects());
        return new Action("delete-data-stores", "delete RDS (final snapshot first) and ElastiCache", effects,
                ctx -> Parallel.run(parallelism, List.of(
                        Parallel.task("database " + db().identifier(), () -> {
                            ctx.aws().deleteDbInstance(instance, DATABASE_TIMEOUT, names.owner());
                            ctx.aws().deleteDbSubnetGroup(subnetGroup, names.owner());
                            ctx.aws().deleteDbParameterGroup(parameterGroup, names.owner());
                        }),
                        Parallel.task("cache " + cache().clusterId(), () -> cacheStore.delete(ctx)))));
    }

    List<String> parameterNames() {
        return names.parameterKeys().stream().map(names::parameter).toList();
    }

    Action deleteParameters() {
        ParametersDeletion deletion = new ParametersDeletion(parameterNames());
        List<Effect> effects = new ArrayList<>(AwsCall.of(deletion));
        effects.add(1, AwsCall.ownerCheck(names, "every one that exists, before any is deleted,",
                "ssm:ListTagsForResource", "ResourceType", "Parameter", "ResourceId", "<each that exists>"));
        return new Action("delete-parameters", "delete the SSM parameters ferry wrote", effects,
                ctx -> ctx.aws().deleteParameters(deletion, names.owner()));
    }
}
