package dev.ferry.host;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;

/**
 * The host key was refused (unknown, or changed). Carries the parts of the message separately, so a caller that
 * lays them out differently (ferry doctor) never has to parse the text.
 *
 * @param presented     e.g. {@code ecdsa-sha2-nistp256 key SHA256:...}
 * @param verifyCommand what to run on the host to see its real fingerprint
 * @param trustCommand  the exact command that adds the key to the known_hosts file ferry reads
 */
public final class HostKeyRefusedException extends FerryException {
    private final boolean changed;
    private final String presented;
    private final String verifyCommand;
    private final String trustCommand;

    HostKeyRefusedException(String message, boolean changed, String presented, String verifyCommand,
                            String trustCommand) {
        super(ErrorCode.PREFLIGHT_FAILED, message);
        this.changed = changed;
        this.presented = presented;
        this.verifyCommand = verifyCommand;
        this.trustCommand = trustCommand;
    }

    /** True when known_hosts lists another key for the host (rebuilt host, or someone in the middle). */
    public boolean changed() {
        return changed;
    }

    public String presented() {
        return presented;
    }

    public String verifyCommand() {
        return verifyCommand;
    }

    public String trustCommand() {
        return trustCommand;
    }
}
