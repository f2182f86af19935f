package dev.ferry.database;

import dev.ferry.step.DatabasePorts.ConnectionSpec;
import dev.ferry.step.LiveDigests;
import dev.ferry.step.ReplicationPorts;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@link ReplicationPorts} through the host's SSH tunnels. The publisher address in {@link #start} is not tunneled: it
 * is where the target server itself connects to the source.
 */
final class TunneledReplication implements ReplicationPorts {
    private final TunneledDatabase tunnels;
    private final ReplicationPorts direct;

    TunneledReplication(TunneledDatabase tunnels, ReplicationPorts direct) {
        this.tunnels = tunnels;
        this.direct = direct;
    }

    @Override
    public Readiness readiness(ConnectionSpec source) {
        return tunnels.through(local -> direct.readiness(local.get(0)), source);
    }

    @Override
    public void start(ConnectionSpec source, ConnectionSpec target, ConnectionSpec publisher, Names names) {
        tunnels.through(local -> {
            direct.start(local.get(0), local.get(1), publisher, names);
            return null;
        }, source, target);
    }

    @Override
    public Status status(ConnectionSpec source, ConnectionSpec target, Names names) {
        return tunnels.through(local -> direct.status(local.get(0), local.get(1), names), source, target);
    }

    @Override
    public Status awaitInitialCopy(ConnectionSpec target, Names names, Duration timeout, Consumer<String> progress) {
        return tunnels.through(local -> direct.awaitInitialCopy(local.get(0), names, timeout, progress), target);
    }

    @Override
    public String awaitCaughtUp(ConnectionSpec source, Names names, Duration timeout, Consumer<String> progress) {
        return tunnels.through(local -> direct.awaitCaughtUp(local.get(0), names, timeout, progress), source);
    }

    @Override
    public Optional<LiveDigests> verifyLive(ConnectionSpec source, ConnectionSpec target, Names names,
                                            Duration timeout, Consumer<String> progress) {
        return tunnels.through(local -> direct.verifyLive(local.get(0), local.get(1), names, timeout, progress),
                source, target);
    }

    @Override
    public Optional<LiveDigests.Cutover> verifyAtCutover(ConnectionSpec source, ConnectionSpec target, Names names,
                                                         LiveDigests live, Consumer<String> progress) {
        return tunnels.through(local -> direct.verifyAtCutover(local.get(0), local.get(1), names, live, progress),
                source, target);
    }

    @Override
    public int copySequences(ConnectionSpec source, ConnectionSpec target) {
        return tunnels.through(local -> direct.copySequences(local.get(0), local.get(1)), source, target);
    }

    @Override
    public List<String> drop(ConnectionSpec source, ConnectionSpec target, Names names) {
        return tunnels.through(local -> direct.drop(local.get(0), local.get(1), names), source, target);
    }
}
