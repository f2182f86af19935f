package dev.ferry.sandbox.aws;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/** Real SDK v2 clients pointed at an endpoint (the sandbox, or moto). */
record Clients(URI endpoint, Region region, AwsCredentialsProvider credentials) implements AutoCloseable {

    static Clients of(SandboxAws aws) {
        return new Clients(aws.endpoint(), aws.region(), aws.credentials());
    }

    /** Waiters that poll every 200 ms instead of every 15-30 s. */
    static java.util.function.Consumer<WaiterOverrideConfiguration.Builder> quickWaiter(Duration timeout) {
        return b -> b.waitTimeout(timeout).maxAttempts(10_000)
                .backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(Duration.ofMillis(200)));
    }

    private <B extends AwsClientBuilder<B, C>, C> C build(B builder) {
        return builder.endpointOverride(endpoint).region(region).credentialsProvider(credentials).build();
    }

    Ec2Client ec2() {
        return build(Ec2Client.builder());
    }

    RdsClient rds() {
        return build(RdsClient.builder());
    }

    ElastiCacheClient elastiCache() {
        return build(ElastiCacheClient.builder());
    }

    SsmClient ssm() {
        return build(SsmClient.builder());
    }

    CloudWatchLogsClient logs() {
        return build(CloudWatchLogsClient.builder());
    }

    EcsClient ecs() {
        return build(EcsClient.builder());
    }

    ElasticLoadBalancingV2Client elb() {
        return build(ElasticLoadBalancingV2Client.builder());
    }

    Route53Client route53() {
        return build(Route53Client.builder());
    }

    @Override
    public void close() {
    }

    /** Asserts that none of the pids is alive any more (waiting briefly for exits to be reaped). */
    static void assertAllGone(java.util.Set<Long> pids) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && pids.stream().anyMatch(Clients::alive)) {
            Thread.sleep(100);
        }
        org.assertj.core.api.Assertions.assertThat(pids.stream().filter(Clients::alive).toList())
                .as("processes left running by the sandbox").isEmpty();
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
