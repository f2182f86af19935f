package dev.ferry.plan;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The naming rules of the names a plan gives AWS resources, as the services document them (botocore 1.43 service
 * models: rds CreateDBInstance, elasticache CreateCacheCluster, ecs CreateCluster/CreateService/ContainerDefinition,
 * logs CreateLogGroup, ssm PutParameter), so {@code ferry validate} refuses what AWS would refuse half-way through a
 * run.
 */
final class AwsNames {
    /** PostgreSQL's reserved key words ({@code pg_get_keywords()} catcode R, PostgreSQL 15, plus 16's system_user). */
    static final Set<String> POSTGRES_RESERVED = Set.of("all", "analyse", "analyze", "and", "any", "array", "as",
            "asc", "asymmetric", "both", "case", "cast", "check", "collate", "column", "constraint", "create",
            "current_catalog", "current_date", "current_role", "current_time", "current_timestamp", "current_user",
            "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "false", "fetch", "for",
            "foreign", "from", "grant", "group", "having", "in", "initially", "intersect", "into", "lateral", "leading",
            "limit", "localtime", "localtimestamp", "not", "null", "offset", "on", "only", "or", "order", "placing",
            "primary", "references", "returning", "select", "session_user", "some", "symmetric", "system_user",
            "table", "then", "to", "trailing", "true", "union", "unique", "user", "using", "variadic", "when", "where",
            "window", "with");

    static final NameRule RDS_IDENTIFIER = NameRule.of("an RDS DB instance identifier", 63, "[a-z0-9-]",
            "lowercase letters, digits and '-'").startingWith("[a-z]", "a letter").withHyphenRules();
    /** RDS for PostgreSQL's DBName; template0, template1 and rdsadmin already exist on every instance. */
    static final NameRule DATABASE_NAME = NameRule.of("an RDS for PostgreSQL database name", 63, "[A-Za-z0-9_]",
            "letters, digits and '_'").startingWith("[A-Za-z]", "a letter")
            .reserving(with(POSTGRES_RESERVED, "template0", "template1", "rdsadmin"), "RDS for PostgreSQL");
    /**
     * RDS for PostgreSQL's MasterUsername. The API reference says 16 characters for every engine, but PostgreSQL
     * instances accept 63; admin and rdsadmin are refused as reserved, and PostgreSQL keeps pg_ for its own roles.
     */
    static final NameRule MASTER_USERNAME = NameRule.of("an RDS for PostgreSQL master user name", 63,
            "[A-Za-z0-9_]", "letters, digits and '_'").startingWith("[A-Za-z]", "a letter")
            .reserving(with(POSTGRES_RESERVED, "admin", "rdsadmin"), "RDS for PostgreSQL", "pg_");
    /** ElastiCache's CacheClusterId (ferry creates a cache cluster, not a replication group, whose limit is 40). */
    static final NameRule CACHE_CLUSTER_ID = NameRule.of("an ElastiCache cluster id", 50, "[a-z0-9-]",
            "lowercase letters, digits and '-'").startingWith("[a-z]", "a letter").withHyphenRules();
    static final NameRule ECS_CLUSTER = NameRule.of("an ECS cluster name", 255, "[A-Za-z0-9_-]",
            "letters, digits, '-' and '_'");
    /** A compose service name (the compose spec's [a-zA-Z0-9._-]); its ECS service name is derived from it. */
    static final NameRule COMPOSE_SERVICE = NameRule.of("a compose service name", 214, "[A-Za-z0-9._-]",
            "letters, digits, '.', '-' and '_'").startingWith("[A-Za-z0-9]", "a letter or a digit");
    static final NameRule LOG_GROUP = NameRule.of("a CloudWatch Logs group name", 512, "[A-Za-z0-9._/#-]",
            "letters, digits, '.', '-', '_', '/' and '#'").reserving(Set.of(), "CloudWatch Logs", "aws/");
    /** Env names: ECS hands them to the container, SSM stores the carried ones under the prefix. */
    static final NameRule ENV_NAME = NameRule.of("an environment variable name", 255, "[A-Za-z0-9_]",
            "letters, digits and '_'").startingWith("[A-Za-z_]", "a letter or '_'");

    private static final Pattern SSM_PATH_CHARS = Pattern.compile("[A-Za-z0-9_./-]+");
    private static final Pattern IMAGE_NAME = Pattern.compile("[A-Za-z0-9._:/#-]+");
    private static final Pattern IMAGE_DIGEST = Pattern.compile("sha256:[0-9A-Fa-f]{64}");
    private static final int SSM_MAX_DEPTH = 15;

    private AwsNames() {
    }

    private static Set<String> with(Set<String> words, String... more) {
        Set<String> all = new HashSet<>(words);
        all.addAll(List.of(more));
        return Set.copyOf(all);
    }

    /** Why {@code prefix} cannot hold ferry's parameters, whose names are prefix/KEY; empty when it can. */
    static Optional<String> ssmPrefix(String prefix) {
        if (!prefix.startsWith("/") || prefix.endsWith("/")) {
            return Optional.of("must start with '/' and not end with '/', like /ferry/redash");
        }
        if (!SSM_PATH_CHARS.matcher(prefix).matches()) {
            return Optional.of("may hold only letters, digits, '.', '-', '_' and '/', which is all SSM allows in a"
                    + " parameter name");
        }
        if (prefix.contains("//")) {
            return Optional.of("has an empty level ('//'); write one '/' between levels");
        }
        String top = prefix.substring(1).split("/")[0].toLowerCase(Locale.ROOT);
        if (top.startsWith("aws") || top.startsWith("ssm")) {
            return Optional.of("starts with '" + prefix.substring(0, 4) + "', which SSM reserves (no parameter name"
                    + " may start with aws or ssm); use another first level, like /ferry");
        }
        int depth = prefix.split("/").length - 1;
        if (depth + 1 > SSM_MAX_DEPTH) {
            return Optional.of("has " + depth + " levels; with the parameter's own name that is more than the "
                    + SSM_MAX_DEPTH + " levels SSM allows, so use at most " + (SSM_MAX_DEPTH - 1));
        }
        return Optional.empty();
    }

    /** Why {@code image} is not an image reference ECS accepts; empty when it is one. */
    static Optional<String> image(String image) {
        int at = image.indexOf('@');
        String name = at < 0 ? image : image.substring(0, at);
        if (name.isEmpty() || name.length() > 255) {
            return Optional.of("has a name of " + name.length() + " characters; ECS allows 1 to 255 before the tag"
                    + " or digest; write the image as the compose file names it");
        }
        Optional<String> bad = name.codePoints().mapToObj(Character::toString)
                .filter(c -> !IMAGE_NAME.matcher(c).matches()).findFirst();
        if (bad.isPresent()) {
            return Optional.of("has " + (bad.get().equals(" ") ? "a space" : "'" + bad.get() + "'") + ", but ECS"
                    + " allows only letters, digits, '.', '-', '_', ':', '/' and '#' in an image name; write the image"
                    + " as the compose file names it");
        }
        if (at >= 0 && !IMAGE_DIGEST.matcher(image.substring(at + 1)).matches()) {
            return Optional.of("has a digest that is not sha256: followed by 64 hex digits, the only digest ECS"
                    + " accepts; copy the digest from the registry");
        }
        return Optional.empty();
    }
}
