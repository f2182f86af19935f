package dev.ferry.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.ProgressSink;
import dev.ferry.engine.ProgressStyle;
import dev.ferry.sandbox.aws.Delays;
import dev.ferry.sandbox.aws.SandboxAws;
import dev.ferry.sandbox.aws.SandboxWorld;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;

/**
 * A wait reports while it waits: the sandbox's ElastiCache takes 5 s to create a cluster, ferry waits for it through
 * the SDK waiter, and the run's progress lines (not a terminal) show the state seen and the time elapsed.
 */
class WaitProgressSandboxTest {

    @Test
    void aCacheClusterWaitPrintsTimestampedLinesWithItsStateAndElapsedTime(@TempDir Path work) {
        Delays slowCache = new Delays(Duration.ofSeconds(3), Duration.ofMillis(500), Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofMillis(200), Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofMillis(200), Duration.ofSeconds(1),
                Duration.ofMillis(100), Duration.ofSeconds(2));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ProgressSink progress = new ProgressSink(new PrintStream(err, true, StandardCharsets.UTF_8),
                ProgressStyle.plain(), Clock.systemDefaultZone(), Duration.ofMillis(700));
        progress.enter("provision/create-cache");
        try (SandboxAws aws = SandboxAws.start(SandboxWorld.defaults(), slowCache, work);
             ElastiCacheClient cache = ElastiCacheClient.builder().endpointOverride(aws.endpoint()).region(aws.region())
                     .credentialsProvider(aws.credentials()).build()) {
            AwsSettings settings = AwsSettings.defaults().withRegion(aws.region().id()).withEndpoint(aws.endpoint())
                    .withCredentials(aws.credentials()).withWaiterPollInterval(Duration.ofMillis(200))
                    .withProgress(progress);
            try (SdkAwsPorts ports = SdkAwsPorts.connect(settings)) {
                ports.clients().elastiCache().describeCacheClusters(); // the SDK's start-up must not eat the cluster's creation time
                cache.createCacheSubnetGroup(r -> r.cacheSubnetGroupName("redash").cacheSubnetGroupDescription("redash")
                        .subnetIds(aws.world().subnetIds()));
                cache.createCacheCluster(r -> r.cacheClusterId("redash-cache").engine("redis")
                        .cacheNodeType("cache.t4g.micro").numCacheNodes(1).cacheSubnetGroupName("redash"));
                ports.awaitCacheCluster("redash-cache", Duration.ofSeconds(60));
            }
        }
        List<String> waits = err.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("waiting for ElastiCache cache cluster redash-cache: creating")).toList();
        assertThat(waits).as(err.toString(StandardCharsets.UTF_8)).hasSizeGreaterThanOrEqualTo(2);
        assertThat(waits).allMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d \\+\\d+s provision/create-cache: waiting for"
                + " ElastiCache cache cluster redash-cache: creating \\(\\d+s elapsed\\)"));
    }
}
