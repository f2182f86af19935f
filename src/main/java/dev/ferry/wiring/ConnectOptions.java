package dev.ferry.wiring;

/**
 * How the real adapters reach the world: the AWS region and profile (null: the plan's) and whether SSH trusts the
 * source host's key on first use.
 */
public record ConnectOptions(String region, String profile, boolean acceptNewHostKey) {
    public static ConnectOptions defaults() {
        return new ConnectOptions(null, null, false);
    }
}
