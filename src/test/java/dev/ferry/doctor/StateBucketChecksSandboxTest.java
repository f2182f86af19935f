package dev.ferry.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.aws.AwsSettings;
import dev.ferry.aws.S3StateBackend;
import dev.ferry.plan.StateLocation;
import dev.ferry.sandbox.aws.Delays;
import dev.ferry.sandbox.aws.SandboxAws;
import dev.ferry.sandbox.aws.SandboxWorld;
import dev.ferry.step.Check;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The doctor's state-bucket lane against the sandbox's S3: access, versioning, default encryption. */
class StateBucketChecksSandboxTest {
    @TempDir
    static Path work;
    static SandboxAws sandbox;

    @BeforeAll
    static void startSandbox() {
        sandbox = SandboxAws.start(SandboxWorld.defaults(), Delays.fast(), work.resolve("aws"));
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @AfterEach
    void clearFaults() {
        sandbox.faults().clear();
    }

    @Test
    void aVersionedEncryptedBucketPassesAllThree() {
        Map<String, Check> checks = doctor(SandboxWorld.STATE_BUCKET);
        assertThat(checks.keySet()).containsExactly("state-bucket", "state-versioning", "state-encryption");
        assertThat(checks.values()).allSatisfy(c -> assertThat(c.status()).isEqualTo(Check.Status.OK));
        assertThat(checks.get("state-bucket").detail()).contains("s3://ferry-state/redash/state.json");
        assertThat(checks.get("state-encryption").detail()).contains("AES256");
    }

    @Test
    void anUnversionedUnencryptedBucketWarnsWithTheCommandsThatFixIt() {
        try (S3Client s3 = client()) {
            s3.createBucket(r -> r.bucket("plain-bucket"));
            s3.deleteBucketEncryption(r -> r.bucket("plain-bucket"));
        }
        Map<String, Check> checks = doctor("plain-bucket");
        assertThat(checks.get("state-bucket").status()).isEqualTo(Check.Status.OK);
        assertThat(checks.get("state-versioning").status()).isEqualTo(Check.Status.WARN);
        assertThat(checks.get("state-versioning").detail()).contains("is Off");
        assertThat(checks.get("state-versioning").fix()).contains("aws s3api put-bucket-versioning --bucket plain-bucket"
                + " --versioning-configuration Status=Enabled");
        assertThat(checks.get("state-encryption").status()).isEqualTo(Check.Status.WARN);
        assertThat(checks.get("state-encryption").fix()).contains("put-bucket-encryption --bucket plain-bucket");
    }

    @Test
    void aBucketThisPrincipalMayNotReadFailsAndTheOthersAreNotChecked() {
        sandbox.faults().deny("s3", "HeadBucket");
        Map<String, Check> checks = doctor(SandboxWorld.STATE_BUCKET);
        assertThat(checks.get("state-bucket").status()).isEqualTo(Check.Status.FAIL);
        assertThat(checks.get("state-bucket").detail() + " " + checks.get("state-bucket").fix())
                .contains("was denied", "Grant s3:ListBucket");
        assertThat(checks.get("state-versioning").status()).isEqualTo(Check.Status.SKIPPED);
        assertThat(checks.get("state-encryption").status()).isEqualTo(Check.Status.SKIPPED);
    }

    @Test
    void localStateHasNoBucketLane() {
        try (S3StateBackend backend = S3StateBackend.open(settings(), SandboxWorld.STATE_BUCKET, "x")) {
            assertThat(new StateBucketChecks(StateLocation.local(), backend).lane()).isEmpty();
        }
    }

    private static Map<String, Check> doctor(String bucket) {
        StateLocation where = new StateLocation(StateLocation.S3, bucket, "redash/state.json", "us-east-1");
        try (S3StateBackend backend = S3StateBackend.open(settings(), bucket, where.key())) {
            List<Check> checks = new Doctor(Duration.ofSeconds(30)).run(List.of(new StateBucketChecks(where, backend)
                    .lane()));
            return checks.stream().collect(Collectors.toMap(Check::name, Function.identity(), (a, b) -> a,
                    java.util.LinkedHashMap::new));
        }
    }

    private static AwsSettings settings() {
        return AwsSettings.defaults().withRegion("us-east-1").withEndpoint(sandbox.endpoint())
                .withCredentials(sandbox.credentials());
    }

    private static S3Client client() {
        AwsCredentialsProvider credentials = sandbox.credentials();
        return S3Client.builder().region(Region.US_EAST_1).endpointOverride(sandbox.endpoint()).forcePathStyle(true)
                .credentialsProvider(credentials).build();
    }
}
