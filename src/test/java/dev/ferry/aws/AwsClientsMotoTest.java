package dev.ferry.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.retries.AdaptiveRetryStrategy;

/** Region, profile, credential and endpoint resolution, proven with STS GetCallerIdentity against moto. */
class AwsClientsMotoTest extends MotoTest {
    private static final String[] PROPERTIES = {"aws.configFile", "aws.sharedCredentialsFile", "aws.endpointUrl"};

    @TempDir
    Path home;

    @AfterEach
    void clearProperties() {
        for (String property : PROPERTIES) {
            System.clearProperty(property);
        }
    }

    @Test
    void explicitEndpointAndCredentialsReachTheEmulatorWithAdaptiveRetriesAndBoundedCalls() {
        assertThat(clients.identity().account()).isEqualTo("123456789012");
        var config = clients.ecs().serviceClientConfiguration().overrideConfiguration();
        assertThat(config.retryStrategy()).hasValueSatisfying(strategy -> assertThat(strategy)
                .isInstanceOf(AdaptiveRetryStrategy.class));
        assertThat(config.apiCallTimeout()).isPresent();
        assertThat(config.apiCallAttemptTimeout()).isPresent();
    }

    @Test
    void aNamedProfileSuppliesRegionAndCredentialsAndTheStandardEndpointSettingIsHonoured() throws Exception {
        Path config = Files.writeString(home.resolve("config"), "[profile migration]\nregion = eu-central-1\n");
        Path credentials = Files.writeString(home.resolve("credentials"),
                "[migration]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = example\n");
        System.setProperty("aws.configFile", config.toString());
        System.setProperty("aws.sharedCredentialsFile", credentials.toString());
        // the JVM twin of AWS_ENDPOINT_URL: no endpoint override, the SDK resolves it natively
        System.setProperty("aws.endpointUrl", moto.endpoint().toString());

        try (AwsClients viaProfile = AwsClients.create(AwsSettings.defaults().withProfile("migration"))) {
            assertThat(viaProfile.region().id()).isEqualTo("eu-central-1");
            assertThat(viaProfile.identity().account()).isEqualTo("123456789012");
        }
    }

    @Test
    void aProfileWithoutCredentialsFailsThePreflight() throws Exception {
        System.setProperty("aws.configFile", Files.writeString(home.resolve("config"), "").toString());
        System.setProperty("aws.sharedCredentialsFile", Files.writeString(home.resolve("creds"), "").toString());

        try (AwsClients missing = AwsClients.create(AwsSettings.defaults().withRegion("us-east-1")
                .withProfile("nobody").withEndpoint(moto.endpoint()))) {
            assertThatThrownBy(missing::identity).isInstanceOf(FerryException.class)
                    .hasMessageContaining("no usable AWS credentials")
                    .satisfies(e -> assertThat(((FerryException) e).code()).isEqualTo(ErrorCode.PREFLIGHT_FAILED));
        }
    }
}
