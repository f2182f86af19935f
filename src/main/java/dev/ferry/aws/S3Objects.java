package dev.ferry.aws;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

/**
 * The object calls of one bucket, failures translated through {@link AwsCalls} (what to grant, what to check). A
 * failed condition (412 PreconditionFailed, or 409 ConditionalRequestConflict when two conditional writes race) is
 * not an error here but an empty answer, so the caller can name the versions. Contents are never logged.
 */
final class S3Objects {
    private final S3Client s3;
    private final AwsCalls calls;
    private final String bucket;

    /** An object's bytes and the ETag they were read at. */
    record Stored(byte[] content, String etag) {
    }

    S3Objects(S3Client s3, AwsCalls calls, String bucket) {
        this.s3 = s3;
        this.calls = calls;
        this.bucket = bucket;
    }

    Optional<Stored> get(String key) {
        return absentIfNoKey("GetObject", key, () -> {
            var bytes = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key));
            return new Stored(bytes.asByteArray(), bytes.response().eTag());
        });
    }

    Optional<String> etag(String key) {
        return absentIfNoKey("GetObject", key, () -> s3.headObject(r -> r.bucket(bucket).key(key)).eTag());
    }

    /**
     * Writes {@code key} only if its ETag is still {@code expected} (empty: only if it does not exist); the new ETag,
     * or empty when the condition failed.
     */
    Optional<String> putIf(String key, byte[] content, Optional<String> expected) {
        return calls.call("PutObject", uri(key), () -> {
            try {
                return Optional.of(s3.putObject(r -> {
                    r.bucket(bucket).key(key);
                    expected.ifPresentOrElse(r::ifMatch, () -> r.ifNoneMatch("*"));
                }, RequestBody.fromBytes(content)).eTag());
            } catch (S3Exception e) {
                // S3 answers If-Match on a deleted object with 404 NoSuchKey: the version expected is gone too
                if (conditionFailed(e) || expected.isPresent() && "NoSuchKey".equals(AwsErrors.code(e))) {
                    return Optional.empty();
                }
                throw noBucketOr(e, key);
            }
        });
    }

    String put(String key, byte[] content) {
        return calls.call("PutObject", uri(key), () -> guarded(key,
                () -> s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(content)).eTag()));
    }

    /** Deletes {@code key} if its ETag is still {@code etag}; false when it changed or is gone. */
    boolean deleteIf(String key, String etag) {
        return calls.call("DeleteObject", uri(key), () -> {
            try {
                s3.deleteObject(r -> r.bucket(bucket).key(key).ifMatch(etag));
                return true;
            } catch (S3Exception e) {
                if (conditionFailed(e) || e.statusCode() == 404) {
                    return false;
                }
                throw noBucketOr(e, key);
            }
        });
    }

    List<S3Object> list(String prefix) {
        return calls.call("ListBucket", uri(prefix + "*"), () -> guarded(prefix,
                () -> s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream().toList()));
    }

    void headBucket() {
        calls.run("ListBucket", "s3://" + bucket, () -> guarded("", () -> s3.headBucket(r -> r.bucket(bucket))));
    }

    /** {@code Enabled}, {@code Suspended}, {@code Off} (never enabled), or {@code unknown} when it cannot be read. */
    String versioning() {
        try {
            String status = calls.call("GetBucketVersioning", "s3://" + bucket,
                    () -> s3.getBucketVersioning(r -> r.bucket(bucket)).statusAsString());
            return status == null || status.isEmpty() ? "Off" : status;
        } catch (FerryException e) {
            return "unknown";
        }
    }

    /** The default encryption algorithm, {@code none}, or {@code unknown} when it cannot be read. */
    String encryption() {
        try {
            return calls.call("GetEncryptionConfiguration", "s3://" + bucket, () -> {
                try {
                    List<ServerSideEncryptionRule> rules = s3.getBucketEncryption(r -> r.bucket(bucket))
                            .serverSideEncryptionConfiguration().rules();
                    return rules.isEmpty() ? "none"
                            : rules.get(0).applyServerSideEncryptionByDefault().sseAlgorithmAsString();
                } catch (S3Exception e) {
                    if ("ServerSideEncryptionConfigurationNotFoundError".equals(AwsErrors.code(e))) {
                        return "none";
                    }
                    throw e;
                }
            });
        } catch (FerryException e) {
            return "unknown";
        }
    }

    String uri(String key) {
        return "s3://" + bucket + "/" + key;
    }

    static boolean conditionFailed(S3Exception e) {
        return e.statusCode() == 412 || e.statusCode() == 409 && "ConditionalRequestConflict".equals(AwsErrors.code(e));
    }

    private <T> Optional<T> absentIfNoKey(String operation, String key, Supplier<T> body) {
        return calls.call(operation, uri(key), () -> {
            try {
                return Optional.of(body.get());
            } catch (S3Exception e) {
                if ("NoSuchKey".equals(AwsErrors.code(e)) || e.statusCode() == 404 && AwsErrors.code(e).isEmpty()) {
                    return Optional.empty();
                }
                throw noBucketOr(e, key);
            }
        });
    }

    private <T> T guarded(String key, Supplier<T> body) {
        try {
            return body.get();
        } catch (S3Exception e) {
            throw noBucketOr(e, key);
        }
    }

    /** A missing bucket gets its own words; anything else goes on to {@link AwsCalls}. */
    private RuntimeException noBucketOr(S3Exception e, String key) {
        if ("NoSuchBucket".equals(AwsErrors.code(e)) || key.isEmpty() && e.statusCode() == 404) {
            return new FerryException(ErrorCode.PREFLIGHT_FAILED, "S3 bucket " + bucket + " does not exist (state at "
                    + uri(key) + "); create it (`aws s3api create-bucket --bucket " + bucket + "`, then enable"
                    + " versioning) or fix state.bucket in the plan");
        }
        if (e.statusCode() == 403 && AwsErrors.code(e).isEmpty()) {
            // a HEAD answer has no body, so no error code: name the denial, so the message says what to grant
            return S3Exception.builder().statusCode(403).requestId(e.requestId()).cause(e)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied")
                            .errorMessage("403 Forbidden (a HEAD request: S3 sends no error document)").build()).build();
        }
        return e;
    }
}
