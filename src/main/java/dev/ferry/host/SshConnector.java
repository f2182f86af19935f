package dev.ferry.host;

import dev.ferry.step.HostConnector;
import dev.ferry.step.RemoteShell;
import dev.ferry.plan.SourceHost;

/** Opens {@link SshShell}s with fixed {@link SshOptions}. */
public final class SshConnector implements HostConnector {
    private final SshOptions options;

    public SshConnector(SshOptions options) {
        this.options = options;
    }

    public SshConnector() {
        this(SshOptions.defaults());
    }

    @Override
    public RemoteShell connect(SourceHost host) {
        return SshShell.open(host, options);
    }
}
