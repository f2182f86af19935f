package dev.ferry.wiring;

import dev.ferry.aws.AwsSettings;
import dev.ferry.step.Progress;

/**
 * How the real adapters reach the world: the AWS region and profile (null: the plan's), whether SSH trusts the
 * source host's key on first use, whether SSH ignores the operator's own ssh configuration and agent (only the plan's
 * key and known_hosts count, as in the sandbox), an AWS endpoint other than AWS (null: AWS), and where long waits
 * report while they wait.
 */
public record ConnectOptions(String region, String profile, boolean acceptNewHostKey, boolean isolatedSsh,
                             AwsEndpoint awsEndpoint, Progress progress) {

    public ConnectOptions(String region, String profile, boolean acceptNewHostKey, boolean isolatedSsh,
                          AwsEndpoint awsEndpoint) {
        this(region, profile, acceptNewHostKey, isolatedSsh, awsEndpoint, Progress.none());
    }

    public ConnectOptions(String region, String profile, boolean acceptNewHostKey) {
        this(region, profile, acceptNewHostKey, false, null);
    }

    /** These options, long waits reporting to {@code value}. */
    public ConnectOptions withProgress(Progress value) {
        return new ConnectOptions(region, profile, acceptNewHostKey, isolatedSsh, awsEndpoint, value);
    }

    public static ConnectOptions defaults() {
        return new ConnectOptions(null, null, false);
    }

    /** SSH with only the plan's key and known_hosts, AWS at {@code endpoint}: how the sandbox is reached. */
    public static ConnectOptions isolated(AwsEndpoint endpoint) {
        return new ConnectOptions(null, null, false, true, endpoint);
    }

    /** {@code settings} sent to {@link #awsEndpoint} instead of AWS when there is one. */
    AwsSettings reach(AwsSettings settings) {
        return awsEndpoint == null ? settings : settings.withEndpoint(awsEndpoint.endpoint())
                .withCredentials(awsEndpoint.credentials()).withWaiterPollInterval(awsEndpoint.waiterPollInterval());
    }
}
