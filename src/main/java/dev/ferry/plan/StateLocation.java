package dev.ferry.plan;

/**
 * Where the plan's state lives: {@code local} (the default: {@code .ferry/<plan>/} next to the plan, or
 * {@code --state-dir}), or {@code s3}: the object {@code key} in {@code bucket} (its lock, journal and side files
 * beside it under {@code key} + suffixes), reached in {@code region} (default: the target's).
 */
public record StateLocation(String backend, String bucket, String key, String region) {
    public static final String LOCAL = "local";
    public static final String S3 = "s3";

    public static StateLocation local() {
        return new StateLocation(LOCAL, null, null, null);
    }

    public boolean isS3() {
        return S3.equals(backend);
    }
}
