package dev.ferry.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.FerryException;
import dev.ferry.step.Action;
import dev.ferry.step.Step;
import dev.ferry.step.StepContext;
import dev.ferry.plan.StepIds;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dry run of each step for the Redash plan: the actions in order and the exact commands and calls. */
class StepPreviewsTest {
    private static final String DC = "docker compose -f /opt/redash/docker-compose.yml --project-directory /opt/redash";
    private static final String WRITERS = "server scheduler scheduled_worker adhoc_worker worker";

    private static List<Action> apply(Step step, Map<String, Object> options) {
        return step.actions(RedashPlan.context(step.id(), options));
    }

    private static List<Action> apply(Step step) {
        return step.actions(RedashPlan.context(step.id()));
    }

    private static List<Action> rollback(Step step) {
        return step.rollbackActions(RedashPlan.context(step.id()));
    }

    @Test
    void upgradeLocalPostgresBacksUpBeforeSwappingTheImage() {
        List<Action> actions = apply(new UpgradeLocalPostgres(), Map.of("targetMajor", 16, "backupDir", "/srv/backups"));
        assertThat(RedashPlan.names(actions)).containsExactly("check-postgres", "check-disk-space", "stop-writers",
                "dump-database", "stop-postgres", "copy-data-dir", "swap-image", "recreate-postgres",
                "check-new-version", "record-baseline", "start-writers");
        assertThat(RedashPlan.texts(actions)).containsSubsequence(
                "[ -d /srv/backups ] || sudo -n install -d -m 700 -o \"$(id -u)\" -g \"$(id -g)\" -- /srv/backups",
                "test -w /srv/backups",
                "sudo -n du -sb -- <postgres data dir>",
                "sudo -n df -PB1 -- /srv/backups",
                DC + " stop " + WRITERS,
                "umask 077 && " + DC + " exec -T postgres sh -c 'pg_dumpall -U \"${POSTGRES_USER:-postgres}\"' > /srv/backups/redash-prod-postgres-<timestamp>.sql",
                DC + " stop postgres",
                "/opt/redash/docker-compose.yml: services.postgres.image <current image> → pgautoupgrade/pgautoupgrade:16-alpine"
                        + " (backup first: /opt/redash/docker-compose.yml.ferry-<timestamp>.bak)",
                DC + " up -d --no-deps postgres",
                DC + " start " + WRITERS);
        assertThat(RedashPlan.names(rollback(new UpgradeLocalPostgres()))).containsExactly("check-writes-since-upgrade",
                "stop-writers", "stop-postgres",
                "restore-compose-file", "restore-data-dir", "start-old-postgres", "restore-dump", "check-old-version",
                "start-writers");
    }

    @Test
    void upgradeImageOptionWins() {
        List<String> texts = RedashPlan.texts(apply(new UpgradeLocalPostgres(), Map.of("image", "mirror/pgautoupgrade:16")));
        assertThat(texts).anyMatch(t -> t.contains("→ mirror/pgautoupgrade:16 (backup first"));
    }

    @Test
    void moveDatabaseStopsWritersStreamsVerifiesThenRepoints() {
        List<Action> actions = apply(new MoveDatabase());
        assertThat(RedashPlan.names(actions)).containsExactly("check-databases", "stop-writers", "copy-data",
                "verify-copy", "repoint-env", "remove-postgres-service", "recreate-containers");
        String client = "docker run --rm -i --network host --user \"$(id -u):$(id -g)\" -e PGPASSFILE -v \"$W:$W\""
                + " 'postgres:16' ";
        assertThat(RedashPlan.texts(actions)).containsSubsequence(
                DC + " stop " + WRITERS,
                "docker inspect \"$(" + DC + " ps -q postgres)\"  # the container's address and port",
                "df -PB1 -- /tmp  # method auto: a dump, not replicate, as replicationSource (where RDS reaches the"
                        + " local database) is not set; copy if one table holds more than half the data and has a"
                        + " single integer key to split it by; else directory if /tmp has room for 1.5 x the tables'"
                        + " size + 1.0 GiB headroom; else copy; stream when none fits or jobs is 1",
                "umask 077 && find '/tmp' -maxdepth 1 -type d -name 'ferry-redash-prod-move.*' -user \"$(id -u)\" -exec"
                        + " rm -rf -- {} + && mktemp -d '/tmp/ferry-redash-prod-move.XXXXXXXXXX'  # prints the new work"
                        + " directory /tmp/ferry-redash-prod-move.XXXXXXXXXX",
                "/tmp/ferry-redash-prod-move.XXXXXXXXXX/pgpass: local and RDS credentials (mode 600, deleted with the work"
                        + " directory when the move ends)",
                "sh -c '<script>'  # move data (directory, every table) from postgresql://<user from REDASH_DATABASE_URL>:****@"
                        + "<container address>:5432/<database from REDASH_DATABASE_URL> to postgresql://redash:****@<rds endpoint>"
                        + ":5432/redash on the source host, passwords in /tmp/ferry-redash-prod-move.XXXXXXXXXX/pgpass (0600):\n"
                        + "  " + client + "pg_dump -Fd -j 2 -Z0 --no-sync -f \"$W/dump\" -d \"$SRC\"\n"
                        + "  " + client + "pg_restore -j 2 --no-owner --no-acl --exit-on-error -v -d \"$TGT\" \"$W/dump\"\n"
                        + "  " + client + "psql -X -q -v ON_ERROR_STOP=1 -d \"$TGT\" -c ANALYZE",
                "row counts, sequence values and checksums of every table: local postgres (<container address>) = RDS"
                        + " <rds endpoint>, both read through SSH tunnels via the host",
                "/opt/redash/env: REDASH_DATABASE_URL → postgresql://redash:****@<rds endpoint>/redash (backup first:"
                        + " /opt/redash/env.ferry-<timestamp>.bak)",
                "/opt/redash/docker-compose.yml: remove service postgres and depends_on/links entries naming it (backup first:"
                        + " /opt/redash/docker-compose.yml.ferry-<timestamp>.bak)",
                DC + " up -d --remove-orphans " + WRITERS);
    }

    @Test
    void moveDatabaseNamedMethodsAndUnknownMethod() {
        assertThat(RedashPlan.texts(apply(new MoveDatabase(), Map.of("method", "stream", "verify", "counts"))))
                .anyMatch(t -> t.contains("move data (stream, every table)") && t.contains("pg_dump -Fc -Z0 -d \"$SRC\" |"))
                .anyMatch(t -> t.equals("df -PB1 -- /tmp  # method: stream"))
                .anyMatch(t -> t.contains("row counts and sequence values of every table"));
        assertThat(RedashPlan.texts(apply(new MoveDatabase(), Map.of("method", "copy", "jobs", 4))))
                .anyMatch(t -> t.contains("move data (copy, every table)") && t.contains("4 at a time"));
        assertThat(RedashPlan.texts(apply(new MoveDatabase(), Map.of("method", "directory", "workDirectory",
                "/var/tmp/"))))
                .as("the work directory, its disk check and its clean-up live where the plan says")
                .anyMatch(t -> t.equals("df -PB1 -- /var/tmp  # method: directory"))
                .anyMatch(t -> t.startsWith("umask 077 && find '/var/tmp' -maxdepth 1 -type d -name 'ferry-"))
                .anyMatch(t -> t.contains("mktemp -d '/var/tmp/ferry-") && t.contains("-move.XXXXXXXXXX'"))
                .noneMatch(t -> t.contains("/tmp/ferry-") && !t.contains("/var/tmp/ferry-"));
        assertThatThrownBy(() -> apply(new MoveDatabase(), Map.of("method", "pgcopydb"))).isInstanceOf(FerryException.class)
                .hasMessageContaining("method pgcopydb");
    }

    @Test
    void moveDatabaseAutoWithAReplicationSourceHoldsBothMethodsAndChoosesAtTheRun() {
        Map<String, Object> auto = Map.of("method", "auto", "replicationSource", "10.0.1.5:5432");
        List<Action> actions = apply(new MoveDatabase(), auto);
        assertThat(RedashPlan.names(actions)).containsExactly("check-databases", "choose-method", "check-replication",
                "copy-schema", "open-replication-path", "start-replication", "await-initial-copy", "verify-live", "stop-writers", "catch-up",
                "copy-sequences", "copy-data", "verify-copy", "stop-replication", "repoint-env", "remove-postgres-service",
                "recreate-containers", "close-replication-path");
        assertThat(actions).filteredOn(a -> a.summary().endsWith("(only if method auto chose replicate)"))
                .extracting(Action::name).containsExactly("check-replication", "copy-schema", "open-replication-path",
                        "start-replication", "await-initial-copy", "verify-live", "catch-up", "copy-sequences", "stop-replication",
                        "close-replication-path");
        assertThat(actions).filteredOn(a -> a.summary().endsWith("(only if method auto chose dump)"))
                .extracting(Action::name).containsExactly("copy-data");
        assertThat(RedashPlan.texts(actions)).anyMatch(t -> t.startsWith("the local database through an SSH tunnel"
                + " via the host: wal_level logical (upgrade-local-postgres sets it in this plan)"))
                .anyMatch(t -> t.startsWith("state: the choice and why — replicate if all of that holds, else a dump"));
        assertThat(RedashPlan.names(new MoveDatabase().rollbackActions(RedashPlan.context(StepIds.MOVE_DATABASE, auto))))
                .startsWith("drop-replication", "check-writes-since-move");
        List<String> upgrade = RedashPlan.names(new UpgradeLocalPostgres().actions(RedashPlan.context(
                StepIds.UPGRADE_LOCAL_POSTGRES, Map.of(), StepIds.MOVE_DATABASE, auto)));
        assertThat(upgrade).contains("check-logical-wal", "set-logical-wal", "verify-logical-wal");
        assertThat(upgrade).as("checked before anything stops, published beside the image, verified after the restart")
                .containsSubsequence("check-published-port", "stop-writers", "swap-image", "publish-port",
                        "recreate-postgres", "verify-published-port", "start-writers");
        assertThat(RedashPlan.texts(new UpgradeLocalPostgres().actions(RedashPlan.context(StepIds.UPGRADE_LOCAL_POSTGRES,
                Map.of(), StepIds.MOVE_DATABASE, auto)))).anyMatch(t -> t.contains("services.postgres.ports +="
                + " \"10.0.1.5:5432:5432\""));
        List<String> plain = RedashPlan.names(new UpgradeLocalPostgres().actions(RedashPlan.context(
                StepIds.UPGRADE_LOCAL_POSTGRES)));
        assertThat(plain).as("auto without replicationSource always dumps: no logical WAL").doesNotContain("set-logical-wal");
        assertThat(plain).as("and no publish").doesNotContain("check-published-port", "publish-port");
        List<String> stream = RedashPlan.names(new UpgradeLocalPostgres().actions(RedashPlan.context(
                StepIds.UPGRADE_LOCAL_POSTGRES, Map.of(), StepIds.MOVE_DATABASE, Map.of("method", "stream",
                        "replicationSource", "10.0.1.5:5432"))));
        assertThat(stream).as("a dump needs no published port").doesNotContain("publish-port");
    }

    @Test
    void theReplicationPathIsOneTaggedRuleOnTheReplicationPortRevokedWithTheReplication() {
        Map<String, Object> replicate = Map.of("method", "replicate", "replicationSource", "10.0.1.5:6543");
        List<Action> actions = apply(new MoveDatabase(), replicate);
        List<String> names = RedashPlan.names(actions);
        assertThat(names.indexOf("open-replication-path")).isEqualTo(names.indexOf("start-replication") - 1);
        Action open = actions.get(names.indexOf("open-replication-path"));
        assertThat(RedashPlan.texts(List.of(open))).containsExactly(
                "ec2:DescribeSecurityGroupRules(Filters=[group-id=sg-0host])  # a rule for tcp/6543 from <db sg> tagged"
                        + " ferry:plan=redash-prod already there: nothing to do; one without that tag: left as it is, recorded"
                        + " as not ferry's, never revoked",
                "ec2:AuthorizeSecurityGroupIngress(GroupId=sg-0host, IpProtocol=tcp, FromPort=6543, ToPort=6543,"
                        + " SourceGroupId=<db sg>, Description=ferry plan redash-prod: RDS logical replication from <db sg>,"
                        + " TagSpecifications=[security-group-rule: [ferry:plan=redash-prod]])  # only if no such rule exists");
        String revoke = "ec2:RevokeSecurityGroupIngress(GroupId=sg-0host, SecurityGroupRuleIds=[<this plan's rule>])"
                + "  # if it still exists";
        assertThat(names).as("revoked after the app is back, not in its downtime").endsWith("recreate-containers",
                "close-replication-path");
        assertThat(RedashPlan.texts(List.of(actions.get(names.indexOf("close-replication-path"))))).hasSize(2).last()
                .isEqualTo(revoke);
        assertThat(RedashPlan.texts(List.of(actions.get(names.indexOf("stop-replication"))))).noneMatch(t -> t.startsWith("ec2:"));
        List<Action> rollback = new MoveDatabase().rollbackActions(RedashPlan.context(StepIds.MOVE_DATABASE, replicate));
        assertThat(rollback.get(0).name()).isEqualTo("drop-replication");
        assertThat(rollback.get(0).undoes()).containsExactlyInAnyOrder("open-replication-path", "start-replication");
        assertThat(RedashPlan.texts(List.of(rollback.get(0)))).last().isEqualTo(revoke);
        assertThat(RedashPlan.names(apply(new MoveDatabase(), Map.of("method", "stream"))))
                .doesNotContain("open-replication-path");
    }

    @Test
    void theReplicationPortIsTheSourcesOrPostgresDefault() {
        assertThat(ReplicationPath.port("10.0.1.5:6543")).isEqualTo(6543);
        assertThat(ReplicationPath.port(null)).isEqualTo(5432);
        for (String bad : List.of("db.internal", "10.0.1.5:", "10.0.1.5:0", "10.0.1.5:65536", "10.0.1.5:5432;rm -rf /")) {
            assertThatThrownBy(() -> ReplicationPath.port(bad)).as("the plan loader refuses it first")
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replicationSource");
        }
    }

    @Test
    void moveDatabaseRollbackChecksForWritesBeforeRepointingBack() {
        assertThat(RedashPlan.names(rollback(new MoveDatabase()))).containsExactly("check-writes-since-move",
                "stop-writers", "confirm-no-new-writes", "restore-compose-file", "start-local-postgres", "copy-back",
                "restore-env-file", "recreate-containers");
    }

    @Test
    void repointRedisDrainsBeforeSwitching() {
        List<Action> actions = apply(new RepointRedis(), Map.of("drainTimeout", Duration.ofMinutes(3),
                "queues", List.of("rq:queue:queries", "emails")));
        assertThat(RedashPlan.names(actions)).containsExactly("check-elasticache", "stop-scheduler",
                "wait-queues-drained", "stop-server", "confirm-queues-drained", "repoint-env", "remove-redis-service",
                "recreate-containers");
        assertThat(RedashPlan.texts(actions)).containsSubsequence(
                DC + " stop scheduler",
                "printf '%s\\n' 'LLEN rq:queue:queries' 'ZCARD rq:wip:queries' 'LLEN rq:queue:emails' 'ZCARD rq:wip:emails' | "
                        + DC + " exec -T redis redis-cli  # every 5s until all 0, up to 3 min",
                DC + " stop server",
                "/opt/redash/env: REDASH_REDIS_URL and every other key naming its Redis host:port (Redash: RQ_REDIS_URL)"
                        + " → redis://<cache endpoint>/<its database number> (backup first: /opt/redash/env.ferry-<timestamp>.bak)",
                DC + " up -d --remove-orphans " + WRITERS);
        assertThat(RedashPlan.texts(rollback(new RepointRedis())))
                .anyMatch(t -> t.contains("docker run --rm -i redis:7-alpine redis-cli -h <cache host> -p 6379"))
                .contains(DC + " up -d --remove-orphans redis " + WRITERS);
    }

    @Test
    void startFargateWorkersScalesUpBeforeStoppingEc2AndReversesOnRollback() {
        assertThat(RedashPlan.texts(apply(new StartFargateWorkers()))).containsSubsequence(
                "ecs:DescribeServices(Cluster=redash-prod, Services=[redash-prod-worker], Include=[TAGS])  # it must be"
                        + " tagged ferry:plan=redash-prod",
                "ecs:UpdateService(Cluster=redash-prod, Service=redash-prod-worker, DesiredCount=2)",
                "ecs:UpdateService(Cluster=redash-prod, Service=redash-prod-scheduled-worker, DesiredCount=1)",
                "ecs:DescribeServices(Cluster=redash-prod, Services=[redash-prod-worker]) until stable (runningCount ="
                        + " desiredCount, one deployment), up to 15 min",
                DC + " stop -t 300 scheduled_worker adhoc_worker worker");
        assertThat(RedashPlan.texts(rollback(new StartFargateWorkers()))).containsSubsequence(
                DC + " start scheduled_worker adhoc_worker worker",
                "ecs:UpdateService(Cluster=redash-prod, Service=redash-prod-worker, DesiredCount=0)");
    }

    @Test
    void handoffSchedulerNeverRunsTwo() {
        assertThat(RedashPlan.names(apply(new HandoffScheduler()))).containsExactly("check-fargate-scheduler",
                "stop-ec2-scheduler", "confirm-ec2-scheduler-exited", "start-fargate-scheduler",
                "confirm-one-fargate-scheduler");
        assertThat(RedashPlan.texts(apply(new HandoffScheduler()))).containsSubsequence(
                DC + " stop -t 120 scheduler",
                DC + " ps --services --filter status=running  # must not list scheduler",
                "ecs:UpdateService(Cluster=redash-prod, Service=redash-prod-scheduler, DesiredCount=1)",
                "ecs:ListTasks(Cluster=redash-prod, ServiceName=redash-prod-scheduler, DesiredStatus=RUNNING) → exactly 1");
        assertThat(RedashPlan.texts(rollback(new HandoffScheduler()))).containsSubsequence(
                "ecs:UpdateService(Cluster=redash-prod, Service=redash-prod-scheduler, DesiredCount=0)",
                "ecs:ListTasks(Cluster=redash-prod, ServiceName=redash-prod-scheduler, DesiredStatus=RUNNING) → exactly 0",
                DC + " start scheduler");
    }

    @Test
    void verifyTemporaryDomainChecksHttpsThroughTheAlb() {
        Step step = new VerifyTemporaryDomain((uri, timeout) -> 200);
        List<Action> actions = apply(step, Map.of("attempts", 5, "rulePriority", 42));
        assertThat(RedashPlan.names(actions)).containsExactly("route-temporary-host", "start-fargate-server",
                "await-healthy-targets", "point-temporary-record", "check-https");
        assertThat(RedashPlan.texts(actions)).containsSubsequence(
                "elbv2:CreateRule(ListenerArn=arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/main/abc/def,"
                        + " Priority=42, Conditions=[host-header=redash-new.example.com], Actions=[forward → <target group"
                        + " redash-prod-server>], Tags=<the target group's tags>)  # if no rule forwards to it",
                "ecs:UpdateService(Cluster=redash-prod, Service=redash-prod-server, DesiredCount=2)",
                "route53:ChangeResourceRecordSets(HostedZoneId=Z0HOSTED, UPSERT redash-new.example.com A ALIAS → <alb dns name>)",
                "GET https://redash-new.example.com/ping → expect HTTP 200 (up to 5 attempts, 10s apart)");
        assertThat(RedashPlan.names(rollback(step))).containsExactly("delete-temporary-record", "stop-fargate-server",
                "remove-listener-rule");
        assertThat(RedashPlan.texts(rollback(step))).containsSubsequence(
                "route53:ListResourceRecordSets(HostedZoneId=Z0HOSTED, StartRecordName=redash-new.example.com)  # must"
                        + " still be the alias to the ALB that ferry wrote, else nothing is deleted",
                "route53:ChangeResourceRecordSets(HostedZoneId=Z0HOSTED, DELETE redash-new.example.com A ALIAS → <alb dns name>)",
                "elbv2:DescribeTags(ResourceArns=[<rule for redash-new.example.com>])  # it must be tagged"
                        + " ferry:plan=redash-prod",
                "elbv2:DeleteRule(RuleArn=<each rule forwarding to <target group redash-prod-server>>)");
    }

    @Test
    void cutoverLowersTtlFirstAndStopsEc2Last() {
        List<Action> actions = apply(new CutoverServer());
        assertThat(RedashPlan.names(actions)).containsExactly("read-current-record", "lower-ttl", "route-real-host",
                "switch-record", "wait-for-cached-answers", "stop-ec2-server");
        assertThat(RedashPlan.texts(actions)).containsSubsequence(
                "route53:ChangeResourceRecordSets(HostedZoneId=Z0HOSTED, UPSERT redash.example.com <current type> <current value>, TTL=60)",
                "the old TTL, so every resolver has the lowered one",
                "elbv2:ModifyRule(RuleArn=<rule forwarding to <target group redash-prod-server>>,"
                        + " Conditions=[host-header=redash-new.example.com,redash.example.com])  # if that rule matches"
                        + " other hosts",
                DC + " stop server");
        assertThat(RedashPlan.texts(apply(new CutoverServer(), Map.of("waitForOldTtl", false))))
                .contains("no wait (waitForOldTtl=false)");
        assertThat(RedashPlan.names(rollback(new CutoverServer()))).containsExactly("start-ec2-server", "restore-record",
                "wait-for-cached-answers", "unroute-real-host");
        assertThat(RedashPlan.texts(rollback(new CutoverServer())))
                .anyMatch(t -> t.contains("60s for an alias"))
                .containsSubsequence("route53:ListResourceRecordSets(HostedZoneId=Z0HOSTED, StartRecordName=redash.example.com)"
                        + "  # must hold what ferry wrote (the ALB, or the old value with the lowered TTL), else nothing is"
                        + " changed", "route53:ChangeResourceRecordSets(HostedZoneId=Z0HOSTED, UPSERT redash.example.com"
                        + " <old type> <old value>, TTL=<old TTL>)");
    }

    @Test
    void decommissionIsOneWayAndKeepsKeepServices() {
        Step step = new Decommission();
        StepContext context = RedashPlan.context(StepIds.DECOMMISSION);
        List<String> texts = RedashPlan.texts(step.actions(context));
        assertThat(texts).contains(DC + " rm -s -f server scheduler scheduled_worker adhoc_worker worker redis postgres"
                + "  # those still in the compose file");
        assertThat(texts).noneMatch(t -> t.contains("nginx")).noneMatch(t -> t.contains("rm -rf"));
        assertThat(RedashPlan.texts(apply(step, Map.of("removeVolumes", true)))).anyMatch(t -> t.startsWith("sudo -n rm -rf -- "));
        assertThat(step.rollbackActions(context)).isEmpty();
    }
}
