package dev.ferry.state;

import java.nio.file.Path;

/**
 * Opens the two places {@code ferry state push} and {@code pull} copy between. The wiring supplies the real ones
 * (a local directory backend, an S3 backend); tests supply doubles.
 */
public interface StateBackends {

    /** The plan's local state: {@code .ferry/<plan>/} next to the plan, or {@code --state-dir}. */
    StateBackend local(Path directory);

    /** The plan's shared state: the object {@code key} in {@code bucket}, reached in {@code region}. */
    StateBackend remote(String bucket, String key, String region);
}
