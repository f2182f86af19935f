package dev.ferry.aws;

import dev.ferry.aws.AwsSettings.ProfileChoice;
import java.util.Arrays;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.utils.IoUtils;

/**
 * The credentials ferry acts with, chosen as the AWS CLI chooses ({@link AwsSettings#chosenProfile}), and the words
 * naming where they came from, for {@code ferry doctor}. A chosen profile is read by the SDK's profile provider
 * (static keys, role, {@code credential_process}, SSO); no profile means the SDK's {@link DefaultCredentialsProvider},
 * unchanged. To name the source that answered, the default chain's links are walked in the SDK's order
 * ({@link #defaultChainSource}): static keys are matched by access key id, the others by their configuration.
 * Key material is never part of a description.
 */
final class CredentialSource implements AwsCredentialsProvider, AutoCloseable {
    private static final String[] PROFILE_CREDENTIALS = {"aws_access_key_id", "role_arn", "credential_process",
            "sso_session", "sso_start_url", "web_identity_token_file"};

    private final AwsCredentialsProvider delegate;
    private final ProfileChoice profile;
    private final boolean sso;
    private final boolean ours;
    private volatile String answeredKey;

    private CredentialSource(AwsCredentialsProvider delegate, ProfileChoice profile, boolean sso, boolean ours) {
        this.delegate = delegate;
        this.profile = profile;
        this.sso = sso;
        this.ours = ours;
    }

    static CredentialSource of(AwsSettings settings) {
        if (settings.credentials() != null) {
            return new CredentialSource(settings.credentials(), null, false, false);
        }
        ProfileChoice chosen = settings.chosenProfile();
        if (chosen == null) {
            return new CredentialSource(DefaultCredentialsProvider.builder().build(), null, false, true);
        }
        return new CredentialSource(ProfileCredentialsProvider.builder().profileName(chosen.name()).build(), chosen,
                isSso(chosen.name()), true);
    }

    @Override
    public AwsCredentials resolveCredentials() {
        try {
            AwsCredentials credentials = delegate.resolveCredentials();
            answeredKey = credentials.accessKeyId();
            return credentials;
        } catch (SdkClientException e) {
            if (sso) {
                throw SdkClientException.create("profile " + profile.name() + " is an SSO profile with no valid"
                        + " login (" + e.getMessage() + "); run `aws sso login --profile " + profile.name()
                        + "`, then try again", e);
            }
            throw e;
        }
    }

    /** Where the credentials come from, e.g. "profile sso-dev (SSO, chosen by AWS_PROFILE)" or "instance role". */
    String describe() {
        if (!ours) {
            return "credentials: supplied explicitly";
        }
        if (profile != null) {
            return "profile " + profile.name() + " (" + (sso ? "SSO, " : "") + "chosen by " + profile.chosenBy() + ")";
        }
        return answeredKey == null ? "the default credential chain (not resolved yet)"
                : defaultChainSource(answeredKey);
    }

    /** The link of the SDK's default chain that answered with {@code accessKeyId}, in the chain's own order. */
    static String defaultChainSource(String accessKeyId) {
        if (answers(SystemPropertyCredentialsProvider.create(), accessKeyId)) {
            return "credentials: JVM system properties aws.accessKeyId";
        }
        if (answers(EnvironmentVariableCredentialsProvider.create(), accessKeyId)) {
            return "credentials: environment variables";
        }
        if (SdkSystemSetting.AWS_WEB_IDENTITY_TOKEN_FILE.getStringValue().isPresent()
                && SdkSystemSetting.AWS_ROLE_ARN.getStringValue().isPresent()) {
            return "web identity (AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN)";
        }
        if (defaultProfileHasCredentials()) {
            return "profile default (" + (isSso("default") ? "SSO, " : "") + "the default chain)";
        }
        if (SdkSystemSetting.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI.getStringValue().isPresent()
                || SdkSystemSetting.AWS_CONTAINER_CREDENTIALS_FULL_URI.getStringValue().isPresent()) {
            return "container role";
        }
        return "instance role";
    }

    private static boolean answers(AwsCredentialsProvider link, String accessKeyId) {
        try {
            return accessKeyId.equals(link.resolveCredentials().accessKeyId());
        } catch (RuntimeException notThisOne) {
            return false;
        }
    }

    private static boolean defaultProfileHasCredentials() {
        try {
            Optional<Profile> found = ProfileFile.defaultProfileFile().profile("default");
            return found.map(p -> Arrays.stream(PROFILE_CREDENTIALS).anyMatch(key -> p.property(key).isPresent()))
                    .orElse(false);
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    /** An SSO profile names {@code sso_session} or the legacy {@code sso_start_url}. */
    static boolean isSso(String profileName) {
        try {
            Optional<Profile> found = ProfileFile.defaultProfileFile().profile(profileName);
            return found.map(p -> p.property("sso_session").isPresent() || p.property("sso_start_url").isPresent())
                    .orElse(false);
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    @Override
    public void close() {
        if (ours && delegate instanceof AutoCloseable closeable) {
            IoUtils.closeQuietly(closeable, null);
        }
    }
}
