package dev.ferry.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.FerryException;
import dev.ferry.plan.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The credential chain as the AWS CLI has it, against moto: {@code --profile} > {@code AWS_PROFILE} > the plan's
 * profile > the SDK default chain (environment keys first), and an SSO profile parsed with the sso module present.
 * {@code aws.profile}, {@code aws.accessKeyId}, {@code aws.configFile} are the SDK's JVM twins of the environment
 * variables; one test sets the real environment of a child process.
 */
class CredentialChainMotoTest extends MotoTest {
    private static final String[] PROPERTIES = {"aws.configFile", "aws.sharedCredentialsFile", "aws.profile",
            "aws.accessKeyId", "aws.secretAccessKey", "aws.sessionToken"};

    @TempDir
    Path home;

    @BeforeEach
    void isolatedProfiles() throws Exception {
        System.setProperty("aws.configFile", Files.writeString(home.resolve("config"), "").toString());
        System.setProperty("aws.sharedCredentialsFile", Files.writeString(home.resolve("credentials"),
                "[plan-profile]\naws_access_key_id = AKIAPLANPROFILE\naws_secret_access_key = plan\n"
                        + "[shell-profile]\naws_access_key_id = AKIASHELLPROFILE\naws_secret_access_key = shell\n"
                        + "[flag-profile]\naws_access_key_id = AKIAFLAGPROFILE\naws_secret_access_key = flag\n")
                .toString());
    }

    @AfterEach
    void clearProperties() {
        for (String property : PROPERTIES) {
            System.clearProperty(property);
        }
    }

    @Test
    void withNoProfileNamedTheEnvironmentKeysAnswerAndTheDoctorNamesThem() {
        System.setProperty("aws.accessKeyId", "AKIAFROMSYSTEMPROPS");
        System.setProperty("aws.secretAccessKey", "never-printed");

        try (AwsClients chain = AwsClients.create(base(AwsSettings.defaults()))) {
            assertThat(chain.identity().account()).isEqualTo("123456789012");
            assertThat(accessKey(chain)).isEqualTo("AKIAFROMSYSTEMPROPS");
            assertThat(chain.credentialSource()).isEqualTo("credentials: JVM system properties aws.accessKeyId")
                    .doesNotContain("never-printed");
            assertThat(new SdkAwsChecks(chain, null).identity().detail())
                    .endsWith("credentials: JVM system properties aws.accessKeyId");
        }
    }

    @Test
    void aChildProcessWithAwsAccessKeyIdInItsEnvironmentUsesItAndNamesTheEnvironment() throws Exception {
        String output = probe(Map.of("AWS_ACCESS_KEY_ID", "AKIAFROMENVIRONMENT",
                "AWS_SECRET_ACCESS_KEY", "never-printed"));

        assertThat(output).contains("key AKIAFROMENVIRONMENT", "source credentials: environment variables",
                "account 123456789012").doesNotContain("never-printed");
    }

    @Test
    void withNoKeysInTheEnvironmentTheDefaultProfileAnswersAndIsNamed() throws Exception {
        Files.writeString(home.resolve("credentials"),
                "[default]\naws_access_key_id = AKIADEFAULTPROFILE\naws_secret_access_key = never-printed\n");

        String output = probe(Map.of());

        assertThat(output).contains("key AKIADEFAULTPROFILE", "source profile default (the default chain)",
                "account 123456789012").doesNotContain("never-printed");
    }

    /**
     * Runs {@link CredentialChainProbe} in a child process whose environment holds no AWS_ variable but this test's
     * config files and {@code env}, so the chain sees exactly what the test set, whatever this JVM's environment is.
     */
    private String probe(Map<String, String> env) throws Exception {
        ProcessBuilder child = new ProcessBuilder("java", "-cp", System.getProperty("java.class.path"),
                CredentialChainProbe.class.getName(), moto.endpoint().toString())
                .redirectErrorStream(true);
        child.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
        child.environment().put("AWS_CONFIG_FILE", home.resolve("config").toString());
        child.environment().put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        child.environment().putAll(env);
        Process process = child.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    @Test
    void thePlansProfileWinsOverEnvironmentKeys() {
        System.setProperty("aws.accessKeyId", "AKIAFROMSYSTEMPROPS");
        System.setProperty("aws.secretAccessKey", "never-printed");

        try (AwsClients chain = AwsClients.create(base(AwsSettings.of(target("plan-profile"))))) {
            assertThat(chain.identity().account()).isEqualTo("123456789012");
            assertThat(accessKey(chain)).isEqualTo("AKIAPLANPROFILE");
            assertThat(chain.credentialSource()).isEqualTo("profile plan-profile (chosen by target.profile)");
        }
    }

    @Test
    void awsProfileBeatsThePlanAndTheProfileFlagBeatsAwsProfile() {
        System.setProperty("aws.profile", "shell-profile");

        try (AwsClients shell = AwsClients.create(base(AwsSettings.of(target("plan-profile"))));
             AwsClients flag = AwsClients.create(base(AwsSettings.of(target("plan-profile"))
                     .withProfile("flag-profile")))) {
            assertThat(accessKey(shell)).isEqualTo("AKIASHELLPROFILE");
            assertThat(shell.credentialSource()).isEqualTo("profile shell-profile (chosen by AWS_PROFILE)");
            assertThat(accessKey(flag)).isEqualTo("AKIAFLAGPROFILE");
            assertThat(flag.credentialSource()).isEqualTo("profile flag-profile (chosen by --profile)");
            assertThat(flag.identity().account()).isEqualTo("123456789012");
        }
    }

    @Test
    void anSsoProfileIsParsedReportedAsSsoAndAsksForTheSsoLogin() throws Exception {
        Files.writeString(home.resolve("config"), """
                [profile sso-dev]
                sso_session = corp
                sso_account_id = 111122223333
                sso_role_name = Migrator
                region = eu-west-1

                [sso-session corp]
                sso_start_url = https://corp.awsapps.com/start
                sso_region = eu-west-1
                sso_registration_scopes = sso:account:access
                """);

        try (AwsClients sso = AwsClients.create(base(AwsSettings.defaults().withProfile("sso-dev")))) {
            assertThat(sso.credentialSource()).isEqualTo("profile sso-dev (SSO, chosen by --profile)");
            assertThatThrownBy(sso::identity).isInstanceOf(FerryException.class)
                    .hasMessageContaining("sso-dev is an SSO profile with no valid login")
                    .hasMessageContaining("run `aws sso login --profile sso-dev`")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("must be on the class path"));
        }
    }

    private static AwsSettings base(AwsSettings settings) {
        return settings.withRegion("us-east-1").withEndpoint(moto.endpoint())
                .withWaiterPollInterval(Duration.ofMillis(100));
    }

    private static Target target(String profile) {
        return new Target("us-east-1", profile, null, null, null, null, null);
    }

    private static String accessKey(AwsClients chain) {
        return chain.ec2().serviceClientConfiguration().credentialsProvider().resolveIdentity().join().accessKeyId();
    }
}
