package dev.ferry.wiring;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * An AWS endpoint other than AWS itself (the sandbox's, moto): where it answers, the credentials it accepts and how
 * often waiters poll it. The region stays the plan's.
 */
public record AwsEndpoint(URI endpoint, AwsCredentialsProvider credentials, Duration waiterPollInterval) {
}
