package dev.ferry.sandbox.aws;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * S3 over REST-XML, path-style ({@code /bucket/key}), for ferry's shared state: buckets (create, head, versioning,
 * default encryption), objects (put with {@code If-None-Match: *} / {@code If-Match: ETag} and 412 when they do not
 * hold, get, head, delete, list v2 by prefix). Upload bodies in {@code aws-chunked} encoding are decoded. Object
 * contents are never logged.
 */
final class S3Handler implements Protocol {
    static final String NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";
    private static final Logger LOG = LoggerFactory.getLogger(S3Handler.class);
    private static final Pattern STATUS = Pattern.compile("<Status>(\\w+)</Status>");
    private static final Pattern ALGORITHM = Pattern.compile("<SSEAlgorithm>([^<]+)</SSEAlgorithm>");
    private static final int MAX_KEYS = 1000;

    private final Faults faults;
    private final Map<String, S3Bucket> buckets = new ConcurrentHashMap<>();

    /** Starts with {@code seeded} buckets, versioned and encrypted (SSE-S3) as a team's state bucket should be. */
    S3Handler(Faults faults, List<String> seeded) {
        this.faults = faults;
        for (String name : seeded) {
            S3Bucket bucket = new S3Bucket(name);
            bucket.versioning("Enabled");
            buckets.put(name, bucket);
        }
    }

    @Override
    public String signingName() {
        return "s3";
    }

    @Override
    public Reply serve(HttpCall call) {
        String path = call.path().startsWith("/") ? call.path().substring(1) : call.path();
        int slash = path.indexOf('/');
        String bucket = decode(slash < 0 ? path : path.substring(0, slash));
        String key = slash < 0 || slash == path.length() - 1 ? null : decode(path.substring(slash + 1));
        Map<String, String> query = call.query();
        String operation = key == null ? bucketOperation(call.method(), query) : objectOperation(call.method());
        try {
            Faults.Kind fault = faults.onCall("s3", operation);
            if (fault != null) {
                throw ErrorReplies.injected(faults, fault, "SlowDown", "s3", operation);
            }
            return answer(operation, bucket, key, call);
        } catch (AwsException e) {
            return error(e, call.method());
        } catch (RuntimeException e) {
            LOG.warn("s3 {} failed", operation, e);
            return error(ErrorReplies.internal(e), call.method());
        }
    }

    private static String bucketOperation(String method, Map<String, String> query) {
        String sub = query.containsKey("versioning") ? "BucketVersioning"
                : query.containsKey("encryption") ? "BucketEncryption" : null;
        return switch (method) {
            case "PUT" -> sub != null ? "Put" + sub : "CreateBucket";
            case "GET" -> sub != null ? "Get" + sub : query.containsKey("location") ? "GetBucketLocation"
                    : "ListObjectsV2";
            case "DELETE" -> sub != null ? "Delete" + sub : "DeleteBucket";
            case "HEAD" -> "HeadBucket";
            default -> "Unknown";
        };
    }

    private static String objectOperation(String method) {
        return switch (method) {
            case "PUT" -> "PutObject";
            case "GET" -> "GetObject";
            case "HEAD" -> "HeadObject";
            case "DELETE" -> "DeleteObject";
            default -> "Unknown";
        };
    }

    private Reply answer(String operation, String name, String key, HttpCall call) {
        if (operation.equals("CreateBucket")) {
            if (buckets.putIfAbsent(name, new S3Bucket(name)) != null) {
                throw new AwsException(409, "BucketAlreadyOwnedByYou", "Your previous request to create the named"
                        + " bucket succeeded and you already own it.");
            }
            return headers(200, Map.of("Location", "/" + name));
        }
        S3Bucket bucket = buckets.get(name);
        if (bucket == null) {
            throw AwsException.notFound("NoSuchBucket", "The specified bucket does not exist");
        }
        return switch (operation) {
            case "HeadBucket" -> headers(200, Map.of());
            case "DeleteBucket" -> deleteBucket(bucket);
            case "GetBucketLocation" -> Reply.xml(200, new Xml().open("LocationConstraint", NAMESPACE).close()
                    .toString());
            case "PutBucketVersioning" -> {
                Matcher status = STATUS.matcher(call.bodyText());
                bucket.versioning(status.find() ? status.group(1) : "Suspended");
                yield headers(200, Map.of());
            }
            case "GetBucketVersioning" -> Reply.xml(200, new Xml().open("VersioningConfiguration", NAMESPACE)
                    .el("Status", bucket.versioning().isEmpty() ? null : bucket.versioning()).close().toString());
            case "PutBucketEncryption" -> {
                Matcher algorithm = ALGORITHM.matcher(call.bodyText());
                bucket.encryption(algorithm.find() ? algorithm.group(1) : "AES256");
                yield headers(200, Map.of());
            }
            case "DeleteBucketEncryption" -> {
                bucket.encryption(null);
                yield headers(204, Map.of());
            }
            case "GetBucketEncryption" -> encryption(bucket);
            case "ListObjectsV2" -> list(bucket, call.query());
            default -> new S3Objects(bucket).answer(operation, key, call);
        };
    }

    private static Reply deleteBucket(S3Bucket bucket) {
        if (!bucket.isEmpty()) {
            throw new AwsException(409, "BucketNotEmpty", "The bucket you tried to delete is not empty");
        }
        return headers(204, Map.of());
    }

    private Reply encryption(S3Bucket bucket) {
        if (bucket.encryption() == null) {
            throw AwsException.notFound("ServerSideEncryptionConfigurationNotFoundError",
                    "The server side encryption configuration was not found");
        }
        return Reply.xml(200, new Xml().open("ServerSideEncryptionConfiguration", NAMESPACE).open("Rule")
                .open("ApplyServerSideEncryptionByDefault").el("SSEAlgorithm", bucket.encryption()).close()
                .el("BucketKeyEnabled", false).close().close().toString());
    }

    private static Reply list(S3Bucket bucket, Map<String, String> query) {
        String prefix = query.getOrDefault("prefix", "");
        int max = Math.min(MAX_KEYS, Integer.parseInt(query.getOrDefault("max-keys", String.valueOf(MAX_KEYS))));
        String after = query.getOrDefault("continuation-token", query.get("start-after"));
        var found = bucket.list(prefix, after, max);
        boolean truncated = found.size() > max;
        var page = truncated ? found.subList(0, max) : found;
        boolean url = "url".equals(query.get("encoding-type"));
        Xml xml = new Xml().open("ListBucketResult", NAMESPACE).el("Name", bucket.name())
                .el("Prefix", url ? encode(prefix) : prefix).el("KeyCount", page.size()).el("MaxKeys", max)
                .el("EncodingType", url ? "url" : null).el("IsTruncated", truncated);
        for (var entry : page) {
            xml.open("Contents").el("Key", url ? encode(entry.getKey()) : entry.getKey())
                    .el("LastModified", entry.getValue().modified()).el("ETag", entry.getValue().etag())
                    .el("Size", entry.getValue().body().length).el("StorageClass", "STANDARD").close();
        }
        xml.el("NextContinuationToken", truncated ? page.get(page.size() - 1).getKey() : null);
        return Reply.xml(200, xml.close().toString());
    }

    static Reply headers(int status, Map<String, String> headers) {
        return new Reply(status, "application/xml", new byte[0], headers);
    }

    /** S3's error document is a bare {@code <Error>}; a HEAD answer has no body, only the status. */
    private static Reply error(AwsException e, String method) {
        if (method.equals("HEAD")) {
            return headers(e.status(), Map.of());
        }
        return Reply.xml(e.status(), new Xml().open("Error").el("Code", e.code()).el("Message", e.getMessage())
                .el("RequestId", Ids.requestId()).close().toString());
    }

    /** Percent-decoding of a path segment: {@code +} is a plus sign in a path, not a space. */
    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String encode(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
    }

    /** The object operations of one bucket. */
    private record S3Objects(S3Bucket bucket) {
        Reply answer(String operation, String key, HttpCall call) {
            return switch (operation) {
                case "PutObject" -> {
                    byte[] body = AwsChunked.applies(call) ? AwsChunked.decode(call) : call.body();
                    S3Bucket.Stored stored = bucket.put(key, body, call.header("if-none-match"), call.header("if-match"));
                    yield headers(200, described(stored));
                }
                case "GetObject", "HeadObject" -> {
                    S3Bucket.Stored stored = bucket.get(key).orElseThrow(() -> AwsException.notFound("NoSuchKey",
                            "The specified key does not exist."));
                    Map<String, String> headers = described(stored);
                    if (operation.equals("HeadObject")) {
                        // the HTTP server leaves a HEAD answer's length to us
                        headers.put("Content-Length", String.valueOf(stored.body().length));
                        yield new Reply(200, "application/octet-stream", new byte[0], headers);
                    }
                    yield new Reply(200, "application/octet-stream", stored.body(), headers);
                }
                case "DeleteObject" -> {
                    bucket.delete(key, call.header("if-match"));
                    yield headers(204, Map.of());
                }
                default -> throw AwsException.badRequest("NotImplemented", "the sandbox does not serve s3 "
                        + call.method() + " on an object");
            };
        }

        private static Map<String, String> described(S3Bucket.Stored stored) {
            Map<String, String> headers = new HashMap<>();
            headers.put("ETag", stored.etag());
            headers.put("Last-Modified", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                    .format(stored.modified().atZone(java.time.ZoneOffset.UTC)));
            if (stored.versionId() != null) {
                headers.put("x-amz-version-id", stored.versionId());
            }
            return headers;
        }
    }
}
