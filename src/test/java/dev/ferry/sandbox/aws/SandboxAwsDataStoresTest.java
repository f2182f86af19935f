package dev.ferry.sandbox.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticache.model.CacheCluster;
import software.amazon.awssdk.services.elasticache.model.CacheClusterNotFoundException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbInstanceAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.SourceType;
import software.amazon.awssdk.services.rds.model.Tag;

/** RDS instances backed by real PostgreSQL and ElastiCache clusters backed by real Redis, through the SDK and its waiters. */
@SuppressWarnings("unchecked") // the SDK's Consumer<Builder>... parameters
class SandboxAwsDataStoresTest {
    private static SandboxAws aws;
    private static Clients clients;
    private static final Set<Long> pids = new HashSet<>();

    @BeforeAll
    static void start(@TempDir Path work) {
        aws = SandboxAws.start(SandboxWorld.defaults(), Delays.fast(), work);
        clients = Clients.of(aws);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        pids.addAll(aws.processIds());
        aws.close();
        Clients.assertAllGone(pids);
    }

    @Test
    void rdsInstanceGoesThroughItsStatesAndAcceptsTheMasterUser() throws Exception {
        try (RdsClient rds = clients.rds(); Ec2Client ec2 = clients.ec2()) {
            String sg = ec2.createSecurityGroup(r -> r.groupName("db").description("db")).groupId();
            rds.createDBSubnetGroup(r -> r.dbSubnetGroupName("redash").dbSubnetGroupDescription("redash")
                    .subnetIds(aws.world().subnetIds()));
            rds.createDBParameterGroup(r -> r.dbParameterGroupName("redash-pg16").dbParameterGroupFamily("postgres16")
                    .description("redash"));
            createProtectedInstance(rds, sg);

            List<String> seen = new CopyOnWriteArrayList<>();
            Thread watcher = watchStatuses(rds, seen);
            var waited = rds.waiter().waitUntilDBInstanceAvailable(r -> r.dbInstanceIdentifier("redash-db"),
                    Clients.quickWaiter(Duration.ofSeconds(60)));
            watcher.interrupt();
            assertThat(waited.attemptsExecuted()).isGreaterThan(3);
            assertThat(seen).contains("creating", "backing-up");
            DBInstance db = waited.matched().response().orElseThrow().dbInstances().get(0);
            assertThat(db.endpoint().address()).isEqualTo("127.0.0.1");
            assertThat(db.storageEncrypted()).isTrue();
            assertThat(db.dbSubnetGroup().subnets()).hasSize(2);
            assertThat(rds.listTagsForResource(r -> r.resourceName(db.dbInstanceArn())).tagList())
                    .extracting(Tag::value).containsExactly("redash");
            pids.addAll(aws.processIds());

            assertMasterUserConnects(db);
            deleteInstanceAndGroups(rds);
        }
    }

    @Test
    void anInstanceThatFailsWhileCreatingSaysWhyRefusesChangesAndIsDeletedWithoutASnapshot() {
        try (RdsClient rds = clients.rds()) {
            rds.createDBSubnetGroup(r -> r.dbSubnetGroupName("doomed").dbSubnetGroupDescription("doomed")
                    .subnetIds(aws.world().subnetIds()));
            aws.faults().failNextCreation("rds", "The DB instance is in a failed state");
            rds.createDBInstance(r -> r.dbInstanceIdentifier("doomed-db").engine("postgres").engineVersion("16.4")
                    .dbInstanceClass("db.t4g.small").allocatedStorage(20).masterUsername("redash")
                    .masterUserPassword("correct-horse").dbSubnetGroupName("doomed"));
            assertThatThrownBy(() -> rds.waiter().waitUntilDBInstanceAvailable(r -> r.dbInstanceIdentifier("doomed-db"),
                    Clients.quickWaiter(Duration.ofSeconds(30)))).hasMessageContaining("failure state");
            DBInstance db = rds.describeDBInstances(r -> r.dbInstanceIdentifier("doomed-db")).dbInstances().get(0);
            assertThat(db.dbInstanceStatus()).isEqualTo("failed");
            assertThat(db.endpoint()).isNull();
            assertThat(rds.describeEvents(r -> r.sourceIdentifier("doomed-db").sourceType(SourceType.DB_INSTANCE))
                    .events()).extracting(e -> e.message() + " " + e.eventCategories())
                    .containsExactly("The DB instance is in a failed state [failure]");

            assertThatThrownBy(() -> rds.modifyDBInstance(r -> r.dbInstanceIdentifier("doomed-db").deletionProtection(true)))
                    .hasMessageContaining("not in available state");
            assertThatThrownBy(() -> rds.deleteDBInstance(r -> r.dbInstanceIdentifier("doomed-db")
                    .finalDBSnapshotIdentifier("doomed-final"))).hasMessageContaining("SkipFinalSnapshot");
            rds.deleteDBInstance(r -> r.dbInstanceIdentifier("doomed-db").skipFinalSnapshot(true));
            rds.waiter().waitUntilDBInstanceDeleted(r -> r.dbInstanceIdentifier("doomed-db"),
                    Clients.quickWaiter(Duration.ofSeconds(30)));
            assertThat(rds.describeDBSnapshots(r -> r.dbInstanceIdentifier("doomed-db")).dbSnapshots()).isEmpty();
            rds.deleteDBSubnetGroup(r -> r.dbSubnetGroupName("doomed"));
        }
    }

    /** Creates the instance through two injected throttling errors; a second create is DBInstanceAlreadyExists. */
    private static void createProtectedInstance(RdsClient rds, String securityGroup) {
        aws.faults().throttleNext("rds", "CreateDBInstance", 2);
        DBInstance created = rds.createDBInstance(r -> r.dbInstanceIdentifier("redash-db").engine("postgres")
                .engineVersion("16.4").dbInstanceClass("db.t4g.small").allocatedStorage(20).masterUsername("redash")
                .masterUserPassword("correct-horse").dbName("redash").dbSubnetGroupName("redash")
                .dbParameterGroupName("redash-pg16").vpcSecurityGroupIds(securityGroup).storageEncrypted(true)
                .deletionProtection(true).backupRetentionPeriod(7)
                .tags(Tag.builder().key("ferry:plan").value("redash").build())).dbInstance();
        assertThat(aws.faults().calls("rds", "CreateDBInstance")).as("attempts, 2 throttled").isEqualTo(3);
        assertThat(created.dbInstanceStatus()).isEqualTo("creating");
        assertThatThrownBy(() -> rds.createDBInstance(r -> r.dbInstanceIdentifier("redash-db").engine("postgres")
                .dbInstanceClass("db.t4g.small").allocatedStorage(20).masterUsername("redash")
                .masterUserPassword("correct-horse").dbSubnetGroupName("redash")))
                .isInstanceOf(DbInstanceAlreadyExistsException.class);
    }

    private static void assertMasterUserConnects(DBInstance db) throws SQLException {
        String url = "jdbc:postgresql://127.0.0.1:" + db.endpoint().port() + "/redash";
        try (Connection c = DriverManager.getConnection(url, "redash", "correct-horse")) {
            ResultSet rs = c.createStatement().executeQuery("select current_user, current_database(), current_setting('server_version_num')");
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("redash");
            assertThat(rs.getString(2)).isEqualTo("redash");
            assertThat(rs.getInt(3) / 10000).isEqualTo(16);
            c.createStatement().execute("create table queries(id serial primary key)");
        }
        assertThatThrownBy(() -> DriverManager.getConnection(url, "redash", "wrong-password")).isInstanceOf(SQLException.class);
    }

    private static void deleteInstanceAndGroups(RdsClient rds) {
        assertThatThrownBy(() -> rds.deleteDBInstance(r -> r.dbInstanceIdentifier("redash-db").skipFinalSnapshot(true)))
                .hasMessageContaining("deletion protection");
        rds.modifyDBInstance(r -> r.dbInstanceIdentifier("redash-db").deletionProtection(false).applyImmediately(true));
        assertThat(rds.deleteDBInstance(r -> r.dbInstanceIdentifier("redash-db").skipFinalSnapshot(true))
                .dbInstance().dbInstanceStatus()).isEqualTo("deleting");
        rds.waiter().waitUntilDBInstanceDeleted(r -> r.dbInstanceIdentifier("redash-db"),
                Clients.quickWaiter(Duration.ofSeconds(30)));
        assertThatThrownBy(() -> rds.describeDBInstances(r -> r.dbInstanceIdentifier("redash-db")))
                .isInstanceOf(DbInstanceNotFoundException.class);
        rds.deleteDBSubnetGroup(r -> r.dbSubnetGroupName("redash"));
        rds.deleteDBParameterGroup(r -> r.dbParameterGroupName("redash-pg16"));
        assertThat(rds.describeDBSubnetGroups().dbSubnetGroups()).isEmpty();
    }

    private static Thread watchStatuses(RdsClient rds, List<String> seen) {
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    String status = rds.describeDBInstances(r -> r.dbInstanceIdentifier("redash-db")).dbInstances().get(0)
                            .dbInstanceStatus();
                    if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status)) {
                        seen.add(status);
                    }
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // the SDK turns an interrupt into an exception
                    return;
                }
            }
        });
        watcher.setDaemon(true);
        watcher.start();
        return watcher;
    }

    @Test
    void cacheClusterBecomesAvailableAndAnswersPing() {
        try (ElastiCacheClient cache = clients.elastiCache()) {
            cache.createCacheSubnetGroup(r -> r.cacheSubnetGroupName("redash").cacheSubnetGroupDescription("redash")
                    .subnetIds(aws.world().subnetIds()));
            CacheCluster created = cache.createCacheCluster(r -> r.cacheClusterId("redash-cache").engine("redis")
                    .cacheNodeType("cache.t4g.micro").numCacheNodes(1).cacheSubnetGroupName("redash")
                    .tags(software.amazon.awssdk.services.elasticache.model.Tag.builder().key("ferry:plan").value("redash").build()))
                    .cacheCluster();
            assertThat(created.cacheClusterStatus()).isEqualTo("creating");
            var waited = cache.waiter().waitUntilCacheClusterAvailable(r -> r.cacheClusterId("redash-cache")
                    .showCacheNodeInfo(true), Clients.quickWaiter(Duration.ofSeconds(30)));
            assertThat(waited.attemptsExecuted()).isGreaterThan(2);
            CacheCluster cluster = cache.describeCacheClusters(r -> r.cacheClusterId("redash-cache").showCacheNodeInfo(true))
                    .cacheClusters().get(0);
            var endpoint = cluster.cacheNodes().get(0).endpoint();
            pids.addAll(aws.processIds());
            try (Jedis jedis = new Jedis(endpoint.address(), endpoint.port())) {
                assertThat(jedis.ping()).isEqualTo("PONG");
            }
            assertThat(cache.listTagsForResource(r -> r.resourceName(cluster.arn())).tagList())
                    .singleElement().satisfies(t -> assertThat(t.value()).isEqualTo("redash"));
            cache.deleteCacheCluster(r -> r.cacheClusterId("redash-cache"));
            cache.waiter().waitUntilCacheClusterDeleted(r -> r.cacheClusterId("redash-cache"),
                    Clients.quickWaiter(Duration.ofSeconds(30)));
            assertThatThrownBy(() -> cache.describeCacheClusters(r -> r.cacheClusterId("redash-cache")))
                    .isInstanceOf(CacheClusterNotFoundException.class);
            cache.deleteCacheSubnetGroup(r -> r.cacheSubnetGroupName("redash"));
        }
    }
}
