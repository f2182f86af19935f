package dev.ferry.plan;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads {@code state}: where the plan's state lives. {@code local} (the default) takes no other key; {@code s3} needs
 * a bucket and a key, and reaches the bucket in {@code region}, or the target's region when it is not given.
 */
final class StateBinder {
    static final List<String> BACKENDS = List.of(StateLocation.LOCAL, StateLocation.S3);
    private static final List<String> S3_ONLY = List.of("bucket", "key", "region");
    private static final String BUCKET_RULE = "; an S3 bucket name is 3 to 63 lowercase letters, digits, dots and"
            + " hyphens, starts and ends with a letter or digit, has no '..' and is not shaped like an IP address";
    private static final Pattern BUCKET_CHARACTERS = Pattern.compile("[a-z0-9.-]+");
    private static final Pattern IP_SHAPED = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
    private static final int MAX_KEY_BYTES = 1024;

    private final LoadContext ctx;

    StateBinder(LoadContext ctx) {
        this.ctx = ctx;
    }

    StateLocation state(YamlMap map, Target target) {
        String backend = map.checked("backend", true, StateBinder::backend);
        if (!StateLocation.S3.equals(backend)) {
            S3_ONLY.forEach(key -> map.claim(key).ifPresent(t -> {
                if (backend != null) {
                    ctx.problem(t.getKeyNode(), "state." + key + " is only for backend s3, but state.backend is "
                            + backend + "; remove " + key + ", or set backend: s3");
                }
            }));
            map.finish();
            return backend == null ? null : StateLocation.local();
        }
        String bucket = map.checked("bucket", true, StateBinder::bucket);
        String key = map.checked("key", true, StateBinder::key);
        String region = map.checked("region", false, TargetBinder::region);
        map.finish();
        if (region == null && map.claim("region").isEmpty()) {
            region = target == null ? null : target.region();
            if (target == null) {
                ctx.problem(map.location(), "state.region is missing and the plan has no target.region to default"
                        + " to; set state.region to the bucket's region, like eu-west-1");
            }
        }
        return new StateLocation(StateLocation.S3, bucket, key, region);
    }

    private static Optional<String> backend(String backend) {
        if (BACKENDS.contains(backend)) {
            return Optional.empty();
        }
        return Optional.of("is not a state backend" + DidYouMean.hint(backend, BACKENDS));
    }

    /** Why {@code name} is not a valid S3 bucket name (general purpose buckets), or empty when it is. */
    static Optional<String> bucket(String name) {
        if (name.length() < 3 || name.length() > 63) {
            return Optional.of("is " + name.length() + " characters long" + BUCKET_RULE);
        }
        if (!BUCKET_CHARACTERS.matcher(name).matches()) {
            return Optional.of("has a character other than a lowercase letter, digit, dot or hyphen" + BUCKET_RULE);
        }
        if (!isAlnum(name.charAt(0)) || !isAlnum(name.charAt(name.length() - 1))) {
            return Optional.of("does not start and end with a letter or digit" + BUCKET_RULE);
        }
        if (name.contains("..")) {
            return Optional.of("has '..'" + BUCKET_RULE);
        }
        if (IP_SHAPED.matcher(name).matches()) {
            return Optional.of("is shaped like an IP address" + BUCKET_RULE);
        }
        return Optional.empty();
    }

    /** Why {@code key} cannot name the state object, or empty when it can. */
    static Optional<String> key(String key) {
        if (key.startsWith("/")) {
            return Optional.of("starts with '/'; write the key without it, like " + key.replaceFirst("^/+", ""));
        }
        if (List.of(key.split("/", -1)).contains("..")) {
            return Optional.of("has a '..' segment; write the key as a plain path, like redash/state.json");
        }
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_KEY_BYTES) {
            return Optional.of("is " + bytes + " bytes long in UTF-8; an S3 key has at most " + MAX_KEY_BYTES
                    + " bytes, so shorten it");
        }
        return Optional.empty();
    }

    private static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }
}
