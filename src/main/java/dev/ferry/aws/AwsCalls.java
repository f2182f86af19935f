package dev.ferry.aws;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/**
 * Runs SDK calls for one service and translates every failure through {@link AwsErrors}. The one place that knows
 * how "already gone", "already done" and "waited too long" look, so the per-service classes only say what to call.
 */
final class AwsCalls {
    private final AwsService service;
    private final AwsSettings settings;

    AwsCalls(AwsService service, AwsSettings settings) {
        this.service = service;
        this.settings = settings;
    }

    <T> T call(String operation, String resource, Supplier<T> body) {
        return invoke(operation, resource, body, false);
    }

    void run(String operation, String resource, Runnable body) {
        invoke(operation, resource, () -> { body.run(); return null; }, false);
    }

    /** For requests or responses that carry a secret: failures never include AWS's text or the SDK exception. */
    <T> T sensitive(String operation, String resource, Supplier<T> body) {
        return invoke(operation, resource, body, true);
    }

    /** A describe/get whose not-found error means "absent". */
    <T> Optional<T> find(String operation, String resource, Supplier<T> body) {
        try {
            return Optional.ofNullable(body.get());
        } catch (AwsServiceException e) {
            if (AwsErrors.isNotFound(e)) {
                return Optional.empty();
            }
            throw translate(e, operation, resource, false);
        } catch (SdkClientException e) {
            throw translate(e, operation, resource, false);
        }
    }

    /** A delete; returns false when the resource was already gone. */
    boolean delete(String operation, String resource, Runnable body) {
        return find(operation, resource, () -> { body.run(); return Boolean.TRUE; }).isPresent();
    }

    /** Runs a change whose listed error codes mean "already done"; returns false in that case. */
    boolean unlessAlready(Set<String> alreadyDoneCodes, String operation, String resource, Runnable body) {
        try {
            body.run();
            return true;
        } catch (AwsServiceException e) {
            if (alreadyDoneCodes.contains(AwsErrors.code(e))) {
                return false;
            }
            throw translate(e, operation, resource, false);
        } catch (SdkClientException e) {
            throw translate(e, operation, resource, false);
        }
    }

    /**
     * Runs an SDK waiter (which polls {@code operation}) bounded by {@code timeout}. {@code state} describes the
     * resource now, for the message when the wait ends badly (timeout or a failure state).
     */
    void await(String operation, String goal, String resource, Duration timeout,
               Function<WaiterOverrideConfiguration, WaiterResponse<?>> waiter, Supplier<String> state) {
        try (WaitReports reports = WaitReports.start(settings.progress(), "waiting for " + service.displayName() + " "
                + resource, () -> safely(state))) {
            waiter.apply(waiting(timeout));
        } catch (AwsServiceException e) {
            throw translate(e, operation, resource, false);
        } catch (SdkClientException e) {
            if (e.getCause() instanceof AwsServiceException aws) {
                throw translate(aws, operation, resource, false);
            }
            throw FerryException.advised(ErrorCode.STEP_FAILED, service.displayName() + " " + resource + " "
                    + outcome(e, goal, timeout, safely(state)) + "; run `ferry resume PLAN` to keep waiting, or look at it"
                    + " in the AWS console", e);
        }
    }

    /** The SDK ends a wait either on a failure state (an acceptor matched) or when time or attempts run out. */
    private static String outcome(SdkClientException e, String goal, Duration timeout, String now) {
        boolean failed = String.valueOf(e.getMessage()).contains("transitioned the waiter to failure state");
        return failed ? "reached state '" + now + "' instead of becoming " + goal
                : "did not become " + goal + " within " + human(timeout) + " (now: " + now + ")";
    }

    private WaiterOverrideConfiguration waiting(Duration timeout) {
        WaiterOverrideConfiguration.Builder config = WaiterOverrideConfiguration.builder()
                .waitTimeout(timeout)
                .maxAttempts(Integer.MAX_VALUE);
        if (settings.waiterPollInterval() != null) {
            config.backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(settings.waiterPollInterval()));
        }
        return config.build();
    }

    private <T> T invoke(String operation, String resource, Supplier<T> body, boolean sensitive) {
        try {
            return body.get();
        } catch (AwsServiceException | SdkClientException e) {
            throw translate(e, operation, resource, sensitive);
        }
    }

    private FerryException translate(RuntimeException e, String operation, String resource, boolean sensitive) {
        return AwsErrors.translate(e, service, operation, resource, settings.principal(), sensitive);
    }

    private static String safely(Supplier<String> state) {
        try {
            return state.get();
        } catch (RuntimeException e) {
            return "unknown";
        }
    }

    private static String human(Duration timeout) {
        return timeout.toSeconds() >= 120 ? timeout.toMinutes() + " min" : timeout.toSeconds() + " s";
    }
}
