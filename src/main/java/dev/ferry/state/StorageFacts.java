package dev.ferry.state;

import java.util.Optional;

/**
 * What a shared state store promises beyond the contract of {@link StateBackend}, read for {@code ferry doctor}.
 *
 * @param location         where the state lives ({@code s3://bucket/key}), for the lines
 * @param problem          why the store cannot be reached (the adapter's message: what to grant or check); empty
 *                         when it answered
 * @param versioning       {@code Enabled}, {@code Suspended}, {@code Off} (never enabled) or {@link #UNKNOWN}
 * @param encryption       the default encryption ({@code AES256}, {@code aws:kms}, ...), {@link #NONE} or
 *                         {@link #UNKNOWN}
 * @param enableVersioning the command that turns versioning on, for the doctor's fix
 * @param enableEncryption the command that sets default encryption, for the doctor's fix
 */
public record StorageFacts(String location, Optional<String> problem, String versioning, String encryption,
                           String enableVersioning, String enableEncryption) {
    public static final String ENABLED = "Enabled";
    public static final String NONE = "none";
    /** The setting could not be read (e.g. the principal may not read it). */
    public static final String UNKNOWN = "unknown";

    public boolean reachable() {
        return problem.isEmpty();
    }
}
