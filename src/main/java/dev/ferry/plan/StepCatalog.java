package dev.ferry.plan;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.ferry.plan.StepIds.CUTOVER_SERVER;
import static dev.ferry.plan.StepIds.DECOMMISSION;
import static dev.ferry.plan.StepIds.HANDOFF_SCHEDULER;
import static dev.ferry.plan.StepIds.MOVE_DATABASE;
import static dev.ferry.plan.StepIds.PROVISION;
import static dev.ferry.plan.StepIds.REPOINT_REDIS;
import static dev.ferry.plan.StepIds.START_FARGATE_WORKERS;
import static dev.ferry.plan.StepIds.UPGRADE_LOCAL_POSTGRES;
import static dev.ferry.plan.StepIds.VERIFY_TEMPORARY_DOMAIN;

/**
 * Everything the plan format knows about the built-in steps: their options (types, ranges, defaults) and which steps
 * must come before which. {@code plans/schema.json} mirrors this class; a test keeps them in step.
 */
public final class StepCatalog {

    public enum OptionType { INTEGER, BOOLEAN, STRING, DURATION, STRING_LIST }

    /**
     * One step option. {@code defaultValue} is null for a required option or one whose default depends on other
     * options (see {@link #derivedDefaults}); {@code allowed} restricts a STRING option to a set of words, an INTEGER one to a set of numbers.
     */
    public record OptionSpec(String name, OptionType type, boolean required, Object defaultValue, int min, int max,
                             List<String> allowed, String description) {
        public OptionSpec {
            allowed = List.copyOf(allowed);
        }
    }

    /**
     * {@code before} must come earlier in the steps than {@code after}. When {@code required}, a plan that has
     * {@code after} must also have {@code before}.
     */
    public record Ordering(String before, String after, boolean required, String why) {
    }

    /** The retention periods CloudWatch Logs accepts (PutRetentionPolicy), in days. */
    private static final List<String> LOG_RETENTION_DAYS = List.of("1", "3", "5", "7", "14", "30", "60", "90", "120",
            "150", "180", "365", "400", "545", "731", "1096", "1827", "2192", "2557", "2922", "3288", "3653");

    private static final Map<String, List<OptionSpec>> OPTIONS = Map.of(
            UPGRADE_LOCAL_POSTGRES, List.of(
                    integer("targetMajor", null, 10, 99, "PostgreSQL major version to upgrade the local database to"),
                    string("image", null, "image that upgrades the data directory in place;"
                            + " default pgautoupgrade/pgautoupgrade:<targetMajor>-alpine"),
                    string("backupDir", "/var/backups/ferry", "directory on the host for the backup taken first"),
                    bool("copyDataDir", true, "also copy the raw data directory, not only a dump"),
                    bool("discardWritesOnRollback", false, "let a rollback restore the pre-upgrade backup even"
                            + " though the database was written since the upgrade (those writes are lost)"),
                    duration("upgradeTimeout", Duration.ofHours(1), "how long to wait for the upgraded postgres to"
                            + " accept connections")),
            PROVISION, List.of(
                    integer("parallelism", 4, 1, 16, "how many independent AWS resources to create at once"),
                    new OptionSpec("logRetentionDays", OptionType.INTEGER, false, 30, 1, 3653,
                            LOG_RETENTION_DAYS, "how many days CloudWatch keeps the services' log events"
                            + " (one of the values CloudWatch Logs allows)")),
            MOVE_DATABASE, List.of(
                    choice("method", "auto", List.of("auto", "stream", "directory", "copy", "replicate"),
                            "auto: replicate when replicationSource is set and the local database allows it at the"
                                    + " move, else copy when one table holds more than half the data and has an"
                                    + " integer key, else directory when the host's disk has room for the dump, else"
                                    + " copy, else stream; stream: pg_dump piped to pg_restore; directory: parallel dump"
                                    + " to disk; copy: per-table COPY, a dominant table in key ranges; replicate:"
                                    + " logical replication while the app writes,"
                                    + " writers stopped only for the catch-up"),
                    string("replicationSource", null, "replicate/auto: the host's private IPv4 address and port at"
                            + " which RDS reaches the local database (address:port; 10/8, 172.16/12, 192.168/16,"
                            + " 100.64/10, or 127/8 for a rehearsal); upgrade-local-postgres publishes postgres there,"
                            + " bound to that address only (default, no publish: the container's address as the host"
                            + " sees it)"),
                    duration("catchUpTimeout", Duration.ofMinutes(10), "replicate: how long the writers may stay"
                            + " stopped waiting for RDS to catch up before they restart on the local database"),
                    integer("jobs", 2, 1, 64, "parallel jobs for the directory and copy methods"),
                    string("workDirectory", "/tmp", "directory on the host in which the move makes its private work"
                            + " directory (password file, any dump), removed after the move; method auto's disk check"
                            + " and the directory method's dump use its free space"),
                    choice("verify", "checksums", List.of("counts", "checksums"),
                            "how to compare source and target after the move"),
                    bool("copyBack", false, "on rollback, copy writes made on RDS since the move back to the local"
                            + " database (otherwise the rollback refuses, naming the tables)")),
            REPOINT_REDIS, List.of(
                    duration("drainTimeout", Duration.ofMinutes(10), "how long to wait for the local queues to empty"),
                    new OptionSpec("queues", OptionType.STRING_LIST, false, List.of(), 0, 0, List.of(),
                            "queue names that must be empty before the switch, each in some worker's QUEUES; empty means"
                                    + " Redash's queues (default, emails, periodic, queries, scheduled_queries, schemas)")),
            START_FARGATE_WORKERS, List.of(
                    duration("stableTimeout", Duration.ofMinutes(15),
                            "how long to wait for the services to be stable"),
                    duration("stopTimeout", Duration.ofMinutes(5), "how long the EC2 workers get to finish a running"
                            + " job when they stop")),
            HANDOFF_SCHEDULER, List.of(
                    duration("stopTimeout", Duration.ofMinutes(2), "how long to wait for the old scheduler to exit"),
                    duration("stableTimeout", Duration.ofMinutes(10),
                            "how long to wait for the Fargate scheduler to be stable")),
            VERIFY_TEMPORARY_DOMAIN, List.of(
                    integer("attempts", 30, 1, 1000, "health checks through the temporary domain before giving up"),
                    duration("stableTimeout", Duration.ofMinutes(15),
                            "how long to wait for the Fargate server to be stable"),
                    new OptionSpec("rulePriority", OptionType.INTEGER, false, null, 1, 50000, List.of(),
                            "priority of the ALB listener rule for the temporary domain; default a stable number"
                                    + " from 100 to 999 derived from the plan name")),
            CUTOVER_SERVER, List.of(
                    bool("waitForOldTtl", true, "keep the old server up until the old record's TTL has passed"),
                    duration("aliasTtl", Duration.ofSeconds(60), "how long resolvers cache an answer for the ALB alias"
                            + " (Route 53 answers 60 s); a rollback waits this long before the ALB may stop serving")),
            DECOMMISSION, List.of(
                    bool("removeVolumes", false, "also delete the compose volumes (the old data) on the host")));

    private static final List<Ordering> ORDERINGS = List.of(
            new Ordering(PROVISION, MOVE_DATABASE, true, "the database moves into the RDS instance provision creates"),
            new Ordering(PROVISION, REPOINT_REDIS, true, "redis moves to the cluster provision creates"),
            new Ordering(PROVISION, START_FARGATE_WORKERS, true, "the worker services are created by provision"),
            new Ordering(PROVISION, HANDOFF_SCHEDULER, true, "the scheduler service is created by provision"),
            new Ordering(PROVISION, VERIFY_TEMPORARY_DOMAIN, true, "the server service is created by provision"),
            new Ordering(UPGRADE_LOCAL_POSTGRES, MOVE_DATABASE, false, "the dump must come from the upgraded database"),
            new Ordering(MOVE_DATABASE, START_FARGATE_WORKERS, true, "Fargate workers can only reach RDS"),
            new Ordering(REPOINT_REDIS, START_FARGATE_WORKERS, true,
                    "Fargate workers read ElastiCache; jobs queued in the local redis would never run"),
            new Ordering(START_FARGATE_WORKERS, HANDOFF_SCHEDULER, true,
                    "the Fargate scheduler enqueues jobs that only Fargate workers consume"),
            new Ordering(VERIFY_TEMPORARY_DOMAIN, CUTOVER_SERVER, true,
                    "real users move only after the temporary domain answered"));

    private StepCatalog() {
    }

    public static boolean isBuiltIn(String id) {
        return StepIds.ALL.contains(id);
    }

    /** The options of a built-in step, in the order the documentation lists them. */
    public static List<OptionSpec> options(String stepId) {
        return OPTIONS.getOrDefault(stepId, List.of());
    }

    public static Optional<OptionSpec> option(String stepId, String name) {
        return options(stepId).stream().filter(o -> o.name().equals(name)).findFirst();
    }

    public static List<Ordering> orderings() {
        return ORDERINGS;
    }

    /** The step that, when present, must be the last one: nothing can follow a one-way step. */
    public static String lastStep() {
        return DECOMMISSION;
    }

    /** Fills defaults that depend on other options; {@code options} already holds the user's values. */
    static void derivedDefaults(String stepId, Map<String, Object> options) {
        if (stepId.equals(UPGRADE_LOCAL_POSTGRES) && options.get("targetMajor") instanceof Integer major) {
            options.putIfAbsent("image", upgradeImage(major));
        }
    }

    /** The default {@code image} of upgrade-local-postgres, which depends on {@code targetMajor}. */
    public static String upgradeImage(int targetMajor) {
        return "pgautoupgrade/pgautoupgrade:" + targetMajor + "-alpine";
    }

    /** The default {@code rulePriority} of verify-temporary-domain: stable for a plan, from 100 to 999. */
    public static int rulePriority(String planName) {
        return 100 + Math.floorMod(planName.hashCode(), 900);
    }

    private static OptionSpec integer(String name, Integer fallback, int min, int max, String description) {
        return new OptionSpec(name, OptionType.INTEGER, fallback == null, fallback, min, max, List.of(), description);
    }

    private static OptionSpec bool(String name, boolean fallback, String description) {
        return new OptionSpec(name, OptionType.BOOLEAN, false, fallback, 0, 0, List.of(), description);
    }

    private static OptionSpec string(String name, String fallback, String description) {
        return new OptionSpec(name, OptionType.STRING, false, fallback, 0, 0, List.of(), description);
    }

    private static OptionSpec choice(String name, String fallback, List<String> allowed, String description) {
        return new OptionSpec(name, OptionType.STRING, false, fallback, 0, 0, allowed, description);
    }

    private static OptionSpec duration(String name, Duration fallback, String description) {
        return new OptionSpec(name, OptionType.DURATION, false, fallback, 0, 0, List.of(), description);
    }
}
