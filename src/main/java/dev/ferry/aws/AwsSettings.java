package dev.ferry.aws;

import dev.ferry.plan.Target;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Where and as whom ferry talks to AWS. Every field is optional; {@code null} means "let the SDK's standard chain
 * decide". Precedence, highest first:
 * <ul>
 *   <li>region: {@link #withRegion} (a {@code --region} flag), the plan's {@code target.region}, then the SDK chain
 *       ({@code AWS_REGION}, the profile's {@code region}, instance metadata);</li>
 *   <li>profile: {@link #withProfile} ({@code --profile}), the plan's {@code target.profile}, then {@code AWS_PROFILE}
 *       / {@code default};</li>
 *   <li>credentials: {@link #withCredentials} (tests), the named profile's credentials, then the SDK's default chain
 *       (environment keys, web identity, {@code AWS_PROFILE}, container and instance roles);</li>
 *   <li>endpoint: {@link #withEndpoint} ({@code --endpoint-url}, the sandbox, tests) for every service, else the SDK's
 *       native {@code AWS_ENDPOINT_URL_<SERVICE>}, {@code AWS_ENDPOINT_URL} and profile {@code endpoint_url}.</li>
 * </ul>
 * The plan beats the environment on purpose: a stray {@code AWS_PROFILE} in an SRE's shell must not redirect a
 * production plan; a flag is explicit and wins.
 *
 * @param waiterPollInterval fixed delay between waiter polls; {@code null} keeps each SDK waiter's own (RDS polls
 *                           every 30 s). The sandbox and tests shorten it.
 */
public record AwsSettings(String region, String profile, URI endpoint, AwsCredentialsProvider credentials,
                          Duration waiterPollInterval) {

    public static AwsSettings defaults() {
        return new AwsSettings(null, null, null, null, null);
    }

    public static AwsSettings of(Target target) {
        return defaults().withRegion(target.region()).withProfile(target.profile());
    }

    /** Applies a non-blank value; blank or {@code null} keeps the current one, so absent flags change nothing. */
    public AwsSettings withRegion(String value) {
        return blank(value) ? this : new AwsSettings(value.trim(), profile, endpoint, credentials, waiterPollInterval);
    }

    public AwsSettings withProfile(String value) {
        return blank(value) ? this : new AwsSettings(region, value.trim(), endpoint, credentials, waiterPollInterval);
    }

    public AwsSettings withEndpoint(URI value) {
        return value == null ? this : new AwsSettings(region, profile, value, credentials, waiterPollInterval);
    }

    public AwsSettings withCredentials(AwsCredentialsProvider value) {
        return value == null ? this : new AwsSettings(region, profile, endpoint, value, waiterPollInterval);
    }

    public AwsSettings withWaiterPollInterval(Duration value) {
        return value == null ? this : new AwsSettings(region, profile, endpoint, credentials, value);
    }

    /** Who is acting, in words an operator can act on (used in access-denied messages). */
    String principal() {
        if (credentials != null) {
            return "the explicitly supplied credentials";
        }
        return profile != null ? "the role in profile " + profile
                : "the role of the default AWS credentials (environment, AWS_PROFILE or instance role)";
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
