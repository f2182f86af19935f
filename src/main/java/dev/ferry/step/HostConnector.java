package dev.ferry.step;

import dev.ferry.plan.SourceHost;

/** Opens a {@link RemoteShell} on the plan's source host. */
@FunctionalInterface
public interface HostConnector {
    RemoteShell connect(SourceHost host);
}
