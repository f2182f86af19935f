package dev.ferry.aws;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Turns SDK exceptions into {@link FerryException}s an SRE can act on at night: which service, operation and resource,
 * and what to do next. Throttling reaching us means the SDK's adaptive retries are already exhausted.
 */
final class AwsErrors {
    private static final Set<String> ACCESS_DENIED = Set.of("AccessDenied", "AccessDeniedException",
            "UnauthorizedOperation", "UnauthorizedAccess", "AuthorizationError", "Forbidden");
    private static final Set<String> BAD_CREDENTIALS = Set.of("InvalidClientTokenId", "UnrecognizedClientException",
            "AuthFailure", "ExpiredToken", "ExpiredTokenException", "InvalidAccessKeyId", "SignatureDoesNotMatch",
            "InvalidSignatureException", "MissingAuthenticationToken", "MissingAuthenticationTokenException");
    private static final Pattern DENIED_ACTION = Pattern.compile("perform: ([a-z0-9-]+:[A-Za-z0-9]+)");

    private AwsErrors() {
    }

    /**
     * @param sensitive the request carried a secret: AWS's own message and the cause are dropped, because validation
     *                  errors may echo request values
     */
    static FerryException translate(RuntimeException error, AwsService service, String operation, String resource,
                                     String principal, boolean sensitive) {
        String action = service.action(operation);
        if (error instanceof AwsServiceException aws) {
            return fromService(aws, action, resource, principal, sensitive);
        }
        if (error instanceof SdkClientException client) {
            return fromClient(client, service, action, resource, sensitive);
        }
        return new FerryException(ErrorCode.STEP_FAILED, action + " on " + resource + " failed: "
                + (sensitive ? error.getClass().getSimpleName() : error.toString()), sensitive ? null : error);
    }

    /** The resource is already gone: deletes treat this as done. */
    static boolean isNotFound(AwsServiceException error) {
        String code = code(error);
        return code.contains("NotFound") || code.startsWith("NoSuch") || error.statusCode() == 404;
    }

    static String code(AwsServiceException error) {
        return error.awsErrorDetails() == null || error.awsErrorDetails().errorCode() == null
                ? "" : error.awsErrorDetails().errorCode();
    }

    private static FerryException fromService(AwsServiceException error, String action, String resource,
                                              String principal, boolean sensitive) {
        String code = code(error);
        String detail = sensitive ? "" : ": " + error.awsErrorDetails().errorMessage();
        Throwable cause = sensitive ? null : error;
        if (ACCESS_DENIED.contains(code)) {
            String missing = deniedAction(error, action);
            return new FerryException(ErrorCode.STEP_FAILED, action + " on " + resource + " was denied: grant "
                    + missing + " to " + principal + " (AWS said " + code + detail + ")", cause);
        }
        if (BAD_CREDENTIALS.contains(code)) {
            return new FerryException(ErrorCode.PREFLIGHT_FAILED, "AWS rejected the credentials of " + principal
                    + " on " + action + " (" + code + "): refresh them (e.g. `aws sso login`) or pick another"
                    + " profile with --profile", cause);
        }
        if (error.isThrottlingException()) {
            return new FerryException(ErrorCode.STEP_FAILED, "throttled by AWS on " + action + " for " + resource
                    + " (" + code + ", retries exhausted); wait a few minutes and run `ferry resume PLAN`", cause);
        }
        return new FerryException(ErrorCode.STEP_FAILED, action + " on " + resource + " failed: " + code + detail
                + requestId(error), cause);
    }

    private static FerryException fromClient(SdkClientException error, AwsService service, String action,
                                             String resource, boolean sensitive) {
        String message = String.valueOf(error.getMessage());
        Throwable cause = sensitive ? null : error;
        if (message.contains("`aws sso login")) {
            return new FerryException(ErrorCode.PREFLIGHT_FAILED, "no usable AWS credentials for " + action + ": "
                    + message, cause);
        }
        if (message.contains("credentials") || message.contains("profile")) {
            return new FerryException(ErrorCode.PREFLIGHT_FAILED, "no usable AWS credentials for " + action + ": "
                    + message + " — pass --profile, set target.profile in the plan, or log in first", cause);
        }
        return FerryException.advised(ErrorCode.STEP_FAILED, "could not complete " + action + " on " + resource
                + " (" + service.displayName() + " unreachable or the call timed out: "
                + (sensitive ? error.getClass().getSimpleName() : message)
                + "); check the network/endpoint and run `ferry resume PLAN`", cause);
    }

    /** AWS usually names the action it refused (it may be a different one, e.g. a tagging action). */
    private static String deniedAction(AwsServiceException error, String attempted) {
        String message = error.awsErrorDetails().errorMessage();
        Matcher found = DENIED_ACTION.matcher(message == null ? "" : message);
        return found.find() ? found.group(1) : attempted;
    }

    private static String requestId(AwsServiceException error) {
        return error.requestId() == null ? "" : " (request id " + error.requestId() + ")";
    }
}
