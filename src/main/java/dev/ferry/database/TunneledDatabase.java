package dev.ferry.database;

import dev.ferry.step.SourceInventory;
import dev.ferry.step.CopyActivity;
import dev.ferry.step.DatabasePorts;
import dev.ferry.step.DatabasePorts.CopyBackResult;
import dev.ferry.step.DatabasePorts.CopyBackPlan;
import dev.ferry.FerryException;
import dev.ferry.step.DatabasePorts.ConnectionSpec;
import dev.ferry.step.PortForward;
import dev.ferry.step.RemoteShell;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@link DatabasePorts} for databases only the source host can reach (the compose postgres on its container network, a
 * private RDS endpoint): each call opens a shell on the host, forwards a local port per database through it, runs the
 * direct implementation against {@code 127.0.0.1:<forwarded port>} and closes everything again. Messages name the
 * databases as the host sees them, not the ephemeral local ports.
 */
public final class TunneledDatabase implements DatabasePorts {
    private static final String LOCAL = "127.0.0.1";

    private final Supplier<? extends RemoteShell> shells;
    private final DatabasePorts direct;

    /** JDBC through SSH tunnels via {@code source}, which reaches both the local and the private databases. */
    public static TunneledDatabase via(dev.ferry.step.HostConnector connector, dev.ferry.plan.SourceHost source) {
        return new TunneledDatabase(() -> connector.connect(source), new PostgresSnapshots());
    }

    public TunneledDatabase(Supplier<? extends RemoteShell> shells, DatabasePorts direct) {
        this.shells = shells;
        this.direct = direct;
    }

    @Override
    public Snapshot snapshot(ConnectionSpec connection) {
        return through(local -> direct.snapshot(local.get(0)), connection);
    }

    @Override
    public SourceInventory inventory(ConnectionSpec connection) {
        return through(local -> direct.inventory(local.get(0)), connection);
    }

    @Override
    public CopyBackPlan detectWrites(Snapshot afterMove, ConnectionSpec target, ConnectionSpec source) {
        return through(local -> direct.detectWrites(afterMove, local.get(0), local.get(1)), target, source);
    }

    @Override
    public CopyBackResult copyBack(CopyBackPlan plan, ConnectionSpec target, ConnectionSpec source) {
        return through(local -> direct.copyBack(plan, local.get(0), local.get(1)), target, source);
    }

    /** The watch keeps its shell and tunnel open until it is closed. */
    @Override
    public CopyActivity.Watch watchCopies(ConnectionSpec target) {
        RemoteShell shell = shells.get();
        PortForward forward = null;
        try {
            forward = shell.forwardLocalPort(target.host(), target.port());
            CopyActivity.Watch watch = direct.watchCopies(target.reachedAt(LOCAL, forward.localPort()));
            PortForward opened = forward;
            return new CopyActivity.Watch() {
                @Override
                public List<CopyActivity> read() {
                    return watch.read();
                }

                @Override
                public void close() {
                    watch.close();
                    opened.close();
                    shell.close();
                }
            };
        } catch (RuntimeException e) {
            if (forward != null) {
                forward.close();
            }
            shell.close();
            throw e;
        }
    }

    @Override
    public dev.ferry.step.ReplicationPorts replication() {
        return new TunneledReplication(this, direct.replication());
    }

    <T> T through(Function<List<ConnectionSpec>, T> body, ConnectionSpec... connections) {
        List<PortForward> forwards = new ArrayList<>();
        List<ConnectionSpec> local = new ArrayList<>();
        try (RemoteShell shell = shells.get()) {
            try {
                for (ConnectionSpec c : connections) {
                    PortForward forward = shell.forwardLocalPort(c.host(), c.port());
                    forwards.add(forward);
                    local.add(c.reachedAt(LOCAL, forward.localPort()));
                }
                return body.apply(local);
            } catch (FerryException e) {
                String message = unTunnel(e.getMessage(), connections, local);
                throw e.namesNextAction() ? FerryException.advised(e.code(), message, e)
                        : new FerryException(e.code(), message, e);
            } finally {
                forwards.forEach(PortForward::close);
            }
        }
    }

    /** {@code …@127.0.0.1:40123/db} in a message becomes {@code …@10.0.1.5:5432/db}: the address the operator knows. */
    private static String unTunnel(String message, ConnectionSpec[] remote, List<ConnectionSpec> local) {
        String out = message == null ? "" : message;
        for (int i = 0; i < local.size(); i++) {
            out = out.replace("@" + LOCAL + ":" + local.get(i).port() + "/", "@" + remote[i].host() + ":" + remote[i].port() + "/");
        }
        return out;
    }
}
