package dev.ferry.aws;

import dev.ferry.plan.Target;
import dev.ferry.step.Progress;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFileSystemSetting;

/**
 * Where and as whom ferry talks to AWS. Every field is optional; {@code null} means "let the SDK's standard chain
 * decide". Precedence, highest first, as the AWS CLI has it:
 * <ul>
 *   <li>region: {@link #withRegion} (a {@code --region} flag), the plan's {@code target.region}, then the SDK chain
 *       ({@code AWS_REGION}, the profile's {@code region}, instance metadata);</li>
 *   <li>profile ({@link #chosenProfile}): {@link #withProfile} ({@code --profile}), {@code AWS_PROFILE} (or its JVM
 *       twin {@code aws.profile}), the plan's optional {@code target.profile}; none of them: no profile is forced;</li>
 *   <li>credentials: {@link #withCredentials} (tests), the chosen profile's (keys, role, SSO), else the SDK's default
 *       chain (environment keys, web identity, the default profile incl. SSO, container and instance roles);</li>
 *   <li>endpoint: {@link #withEndpoint} ({@code --endpoint-url}, the sandbox, tests) for every service, else the SDK's
 *       native {@code AWS_ENDPOINT_URL_<SERVICE>}, {@code AWS_ENDPOINT_URL} and profile {@code endpoint_url}.</li>
 * </ul>
 *
 * @param profile            the {@code --profile} flag
 * @param planProfile        the plan's {@code target.profile}: a default that {@code AWS_PROFILE} overrides
 * @param waiterPollInterval fixed delay between waiter polls; {@code null} keeps each SDK waiter's own (RDS polls
 *                           every 30 s). The sandbox and tests shorten it.
 * @param progress           where waits report the state they see while they wait (every {@code progress.interval()})
 */
public record AwsSettings(String region, String profile, String planProfile, URI endpoint,
                          AwsCredentialsProvider credentials, Duration waiterPollInterval, Progress progress) {

    public static AwsSettings defaults() {
        return new AwsSettings(null, null, null, null, null, null, Progress.none());
    }

    public static AwsSettings of(Target target) {
        AwsSettings settings = defaults().withRegion(target.region());
        return blank(target.profile()) ? settings : new AwsSettings(settings.region, null, target.profile().trim(),
                null, null, null, Progress.none());
    }

    /** Applies a non-blank value; blank or {@code null} keeps the current one, so absent flags change nothing. */
    public AwsSettings withRegion(String value) {
        return blank(value) ? this
                : new AwsSettings(value.trim(), profile, planProfile, endpoint, credentials, waiterPollInterval, progress);
    }

    /** The {@code --profile} flag: beats {@code AWS_PROFILE} and the plan. */
    public AwsSettings withProfile(String value) {
        return blank(value) ? this
                : new AwsSettings(region, value.trim(), planProfile, endpoint, credentials, waiterPollInterval, progress);
    }

    public AwsSettings withEndpoint(URI value) {
        return value == null ? this
                : new AwsSettings(region, profile, planProfile, value, credentials, waiterPollInterval, progress);
    }

    public AwsSettings withCredentials(AwsCredentialsProvider value) {
        return value == null ? this
                : new AwsSettings(region, profile, planProfile, endpoint, value, waiterPollInterval, progress);
    }

    public AwsSettings withWaiterPollInterval(Duration value) {
        return value == null ? this : new AwsSettings(region, profile, planProfile, endpoint, credentials, value, progress);
    }

    /** Waits report to {@code value} while they wait. */
    public AwsSettings withProgress(Progress value) {
        return value == null ? this
                : new AwsSettings(region, profile, planProfile, endpoint, credentials, waiterPollInterval, value);
    }

    /** A named profile and what chose it. */
    public record ProfileChoice(String name, String chosenBy) {
    }

    /**
     * The profile ferry acts as: {@code --profile}, else {@code AWS_PROFILE} (read now, so a child process or the
     * {@code aws.profile} property can set it), else the plan's; {@code null} when none is named (the default chain).
     */
    public ProfileChoice chosenProfile() {
        if (profile != null) {
            return new ProfileChoice(profile, "--profile");
        }
        String fromEnvironment = ProfileFileSystemSetting.AWS_PROFILE.getNonDefaultStringValue().filter(v -> !blank(v))
                .map(String::trim).orElse(null);
        if (fromEnvironment != null) {
            return new ProfileChoice(fromEnvironment, "AWS_PROFILE");
        }
        return planProfile != null ? new ProfileChoice(planProfile, "target.profile") : null;
    }

    /** Who is acting, in words an operator can act on (used in access-denied messages). */
    String principal() {
        if (credentials != null) {
            return "the explicitly supplied credentials";
        }
        ProfileChoice chosen = chosenProfile();
        return chosen != null ? "the role in profile " + chosen.name()
                : "the role of the default AWS credentials (environment, default profile or instance role)";
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
