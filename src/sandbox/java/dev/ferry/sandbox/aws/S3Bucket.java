package dev.ferry.sandbox.aws;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One sandbox S3 bucket: current objects by key, every version of them while versioning is Enabled, and the default
 * encryption. Every method is synchronized, so a conditional write's check and its write are one step: of two
 * writers racing with the same {@code If-Match}, exactly one succeeds.
 */
final class S3Bucket {
    /** One stored object version; {@code etag} is the quoted MD5 of the bytes, as S3 gives for a single-part put. */
    record Stored(byte[] body, String etag, String versionId, Instant modified) {
    }

    private final String name;
    private final TreeMap<String, Stored> current = new TreeMap<>();
    private final Map<String, List<Stored>> history = new HashMap<>();
    private String versioning = "";
    private String encryption = "AES256";

    S3Bucket(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    /**
     * Stores {@code body} under {@code key} if the conditions hold: {@code ifNoneMatch} {@code *} needs no object,
     * {@code ifMatch} needs this ETag (quoted or not). 412 PreconditionFailed otherwise; 404 NoSuchKey for an
     * {@code If-Match} on no object, as S3 answers.
     */
    synchronized Stored put(String key, byte[] body, String ifNoneMatch, String ifMatch) {
        Stored now = current.get(key);
        if (ifNoneMatch != null && now != null) {
            throw precondition("If-None-Match: " + ifNoneMatch + " but " + key + " exists (ETag " + now.etag() + ")");
        }
        if (ifMatch != null) {
            if (now == null) {
                throw AwsException.notFound("NoSuchKey", "The specified key does not exist.");
            }
            if (!unquoted(ifMatch).equals(unquoted(now.etag()))) {
                throw precondition("If-Match: " + ifMatch + " but " + key + " is at ETag " + now.etag());
            }
        }
        Stored stored = new Stored(body.clone(), etag(body), versioned() ? UUID.randomUUID().toString() : null,
                Instant.now());
        current.put(key, stored);
        if (versioned()) {
            history.computeIfAbsent(key, k -> new ArrayList<>()).add(stored);
        }
        return stored;
    }

    synchronized Optional<Stored> get(String key) {
        return Optional.ofNullable(current.get(key));
    }

    /** Removes the current object (its versions stay while versioning is on); {@code ifMatch} as for put. */
    synchronized void delete(String key, String ifMatch) {
        Stored now = current.get(key);
        if (ifMatch != null && now != null && !unquoted(ifMatch).equals(unquoted(now.etag()))) {
            throw precondition("If-Match: " + ifMatch + " but " + key + " is at ETag " + now.etag());
        }
        if (ifMatch != null && now == null) {
            throw AwsException.notFound("NoSuchKey", "The specified key does not exist.");
        }
        current.remove(key);
    }

    /** Current objects whose key starts with {@code prefix} and sorts after {@code after}, at most {@code max}. */
    synchronized List<Map.Entry<String, Stored>> list(String prefix, String after, int max) {
        List<Map.Entry<String, Stored>> found = new ArrayList<>();
        for (Map.Entry<String, Stored> e : current.tailMap(after == null ? prefix : after, after == null).entrySet()) {
            if (!e.getKey().startsWith(prefix) || found.size() > max) {
                break;
            }
            found.add(Map.entry(e.getKey(), e.getValue()));
        }
        return found;
    }

    /** Every version of {@code key} written while versioning was Enabled, oldest first. */
    synchronized List<Stored> versions(String key) {
        return List.copyOf(history.getOrDefault(key, List.of()));
    }

    synchronized boolean isEmpty() {
        return current.isEmpty();
    }

    synchronized String versioning() {
        return versioning;
    }

    synchronized void versioning(String status) {
        versioning = status;
    }

    synchronized String encryption() {
        return encryption;
    }

    /** {@code null} removes the default encryption. */
    synchronized void encryption(String algorithm) {
        encryption = algorithm;
    }

    private boolean versioned() {
        return "Enabled".equals(versioning);
    }

    private static AwsException precondition(String detail) {
        return new AwsException(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not"
                + " hold (" + detail + ")");
    }

    private static String unquoted(String etag) {
        return etag.strip().replace("\"", "");
    }

    static String etag(byte[] body) {
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(body);
            return "\"" + String.format("%032x", new BigInteger(1, md5)) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
