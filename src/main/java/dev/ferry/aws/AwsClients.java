package dev.ferry.aws;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.utils.IoUtils;

/**
 * The SDK v2 clients ferry uses, built once from {@link AwsSettings}: one shared Apache HTTP client, adaptive retries
 * (client-side rate limiting when AWS throttles a large provisioning burst), bounded timeouts. Thread-safe; close it
 * when the run ends.
 */
public final class AwsClients implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AwsClients.class);
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);

    private final AwsSettings settings;
    private final Region region;
    private final CredentialSource credentials;
    private final SdkHttpClient http;
    private final Ec2Client ec2;
    private final RdsClient rds;
    private final ElastiCacheClient elastiCache;
    private final SsmClient ssm;
    private final CloudWatchLogsClient logs;
    private final EcsClient ecs;
    private final ElasticLoadBalancingV2Client elb;
    private final Route53Client route53;
    private final StsClient sts;

    private AwsClients(AwsSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.region = resolveRegion(settings);
        this.credentials = CredentialSource.of(settings);
        this.http = ApacheHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(ATTEMPT_TIMEOUT)
                .maxConnections(32)
                .build();
        this.ec2 = build(Ec2Client.builder());
        this.rds = build(RdsClient.builder());
        this.elastiCache = build(ElastiCacheClient.builder());
        this.ssm = build(SsmClient.builder());
        this.logs = build(CloudWatchLogsClient.builder());
        this.ecs = build(EcsClient.builder());
        this.elb = build(ElasticLoadBalancingV2Client.builder());
        this.route53 = build(Route53Client.builder());
        this.sts = build(StsClient.builder());
        log.info("AWS region {}, {}, endpoint {}", region.id(), settings.principal(),
                settings.endpoint() != null ? settings.endpoint() : "standard (AWS_ENDPOINT_URL* honoured)");
    }

    /** Builds the clients; fails with PREFLIGHT_FAILED when no region can be resolved. */
    public static AwsClients create(AwsSettings settings) {
        return new AwsClients(settings);
    }

    /** Asks STS who we are: the cheapest proof that credentials, region and endpoint work (for preflight/doctor). */
    public CallerIdentity identity() {
        try {
            var response = sts.getCallerIdentity();
            return new CallerIdentity(response.account(), response.arn());
        } catch (RuntimeException e) {
            FerryException translated = AwsErrors.translate(e, AwsService.STS, "GetCallerIdentity", "caller identity",
                    settings.principal(), false);
            throw new FerryException(ErrorCode.PREFLIGHT_FAILED, translated.getMessage(), translated.getCause());
        }
    }

    public record CallerIdentity(String account, String arn) {
    }

    /** Where the credentials came from (after {@link #identity()}: the source that answered); never key material. */
    public String credentialSource() {
        return credentials.describe();
    }

    public AwsSettings settings() {
        return settings;
    }

    public Region region() {
        return region;
    }

    Ec2Client ec2() {
        return ec2;
    }

    RdsClient rds() {
        return rds;
    }

    ElastiCacheClient elastiCache() {
        return elastiCache;
    }

    SsmClient ssm() {
        return ssm;
    }

    CloudWatchLogsClient logs() {
        return logs;
    }

    EcsClient ecs() {
        return ecs;
    }

    ElasticLoadBalancingV2Client elb() {
        return elb;
    }

    Route53Client route53() {
        return route53;
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder) {
        builder.region(region).credentialsProvider(credentials).httpClient(http)
                .overrideConfiguration(override(settings));
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder.build();
    }

    /**
     * A standalone S3 client for the shared state (it outlives one run's clients and owns its HTTP pool), resolved
     * like the others. A custom endpoint (the sandbox, moto, a MinIO) gets path-style addressing, since
     * {@code bucket.127.0.0.1} does not resolve. Closing it closes its HTTP pool.
     */
    static S3Client s3(AwsSettings settings) {
        S3ClientBuilder builder = S3Client.builder().region(resolveRegion(settings))
                .credentialsProvider(CredentialSource.of(settings))
                .httpClientBuilder(ApacheHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(ATTEMPT_TIMEOUT))
                .overrideConfiguration(override(settings))
                .forcePathStyle(settings.endpoint() != null);
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder.build();
    }

    private static ClientOverrideConfiguration override(AwsSettings settings) {
        // ADAPTIVE_V2, not the deprecated ADAPTIVE whose rate limiter forgets its state between requests
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
                .retryStrategy(RetryMode.ADAPTIVE_V2)
                .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                .apiCallTimeout(CALL_TIMEOUT);
        AwsSettings.ProfileChoice chosen = settings.chosenProfile();
        if (chosen != null) {
            override.defaultProfileName(chosen.name());
        }
        return override.build();
    }

    private static Region resolveRegion(AwsSettings settings) {
        if (settings.region() != null) {
            Region explicit = Region.of(settings.region());
            if (!Region.regions().contains(explicit)) {
                log.warn("region '{}' is not one this SDK knows; check the spelling if calls fail", explicit.id());
            }
            return explicit;
        }
        AwsSettings.ProfileChoice chosen = settings.chosenProfile();
        try {
            var chain = DefaultAwsRegionProviderChain.builder();
            if (chosen != null) {
                chain.profileName(chosen.name());
            }
            return chain.build().getRegion();
        } catch (SdkClientException e) {
            throw new FerryException(ErrorCode.PREFLIGHT_FAILED, "no AWS region; set target.region in the plan, pass"
                    + " --region, or set AWS_REGION" + (chosen != null
                    ? " (profile " + chosen.name() + " has no region either)" : ""), e);
        }
    }

    @Override
    public void close() {
        for (AutoCloseable client : new AutoCloseable[] {ec2, rds, elastiCache, ssm, logs, ecs, elb, route53, sts}) {
            IoUtils.closeQuietly(client, null);
        }
        http.close();
        credentials.close();
    }
}
