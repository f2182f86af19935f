package dev.ferry.steps;

import dev.ferry.Failures;
import dev.ferry.host.ComposeFile;
import dev.ferry.host.HostCommands;
import dev.ferry.host.HostFiles;
import dev.ferry.host.HostSockets;
import dev.ferry.host.PortBinding;
import dev.ferry.plan.ReplicationSource;
import dev.ferry.step.Action;
import dev.ferry.step.Effect;
import dev.ferry.step.RemoteShell.CommandResult;
import dev.ferry.step.RemoteShell.RemoteCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What upgrade-local-postgres adds when move-database may replicate and the plan gives a {@code replicationSource}:
 * RDS subscribes to the compose postgres at that address, so the service publishes its 5432 there, bound to exactly
 * that private address (never every address), as a {@code ports:} entry applied by the restart the upgrade makes
 * anyway. The rollback's restore of the compose file (the image swap's backup) takes it back.
 */
public final class PortPublish {
    private static final String ID = UpgradeLocalPostgres.ID;
    /** The entry publish-port adds, or "" when the service already publishes what RDS needs. */
    private static final String ENTRY = "publishEntry";
    /** Where verify-published-port expects the binding: the address, or 0.0.0.0 when every address serves. */
    private static final String EXPECTED = "publishedAt";

    private final UpgradeSettings s;
    private final ReplicationSource source;

    PortPublish(UpgradeSettings settings, ReplicationSource source) {
        this.s = settings;
        this.source = source;
    }

    /** What the step decided, or why it refuses (a FerryException: nothing changed yet). */
    public record Decision(String entry, String expectedIp, String news) {
    }

    /** Before anything stops: what the service publishes now, and the entry to add. */
    Action check() {
        String path = s.compose().composePath();
        return new Action("check-published-port", "read the ports " + s.service() + " publishes (RDS reaches it at "
                + source + " for the subscription)",
                List.of(Effect.check("read " + path + ": ports of every service (" + source.port() + " at " + source
                        .address() + " free, 5432 of " + s.service() + " already published there?)"),
                        Effect.check(HostSockets.ADDRESSES + "  # " + source.address() + " is an address of the host"),
                        Effect.check(HostSockets.LISTENERS + "  # nothing listens on " + source)),
                ctx -> {
                    if (ctx.output(ID, ENTRY).isPresent()) {
                        ctx.progress("ports already read: " + ctx.output(ID, EXPECTED).orElse("?"));
                        return;
                    }
                    Decision decision = decide(ComposeFile.parse(ctx.host().readFile(path)), s.service(), source);
                    if (!decision.entry().isEmpty()) {
                        refuseUnlessFree(HostCommands.run(ctx, RemoteCommand.of(HostSockets.ADDRESSES,
                                HostCommands.SHORT)), HostCommands.run(ctx, RemoteCommand.of(HostSockets.LISTENERS,
                                HostCommands.SHORT)), source).ifPresent(ctx::progress);
                    }
                    ctx.record(ENTRY, decision.entry());
                    ctx.record(EXPECTED, decision.expectedIp());
                    ctx.progress(decision.news());
                });
    }

    /** After the image swap, before the restart: the entry goes into the service's ports (same backup as the image). */
    Action publish() {
        String path = s.compose().composePath();
        return new Action("publish-port", "publish " + s.service() + "'s 5432 at " + source + " only (not every"
                + " address) from the upgrade's restart on",
                List.of(Effect.edit(path + ": services." + s.service() + ".ports += \"" + source.publishEntry()
                        + "\"  # unless already published there; the same backup as the image swap")),
                ctx -> {
                    String entry = ctx.requireOutput(ID, ENTRY);
                    if (entry.isEmpty()) {
                        ctx.progress("the ports stay as they are (check-published-port said why)");
                        return;
                    }
                    HostFiles.edit(ctx, ID, "composeFile", path, text -> {
                        ComposeFile file = ComposeFile.parse(text);
                        return file.ports(s.service()).contains(entry) ? text : file.withPort(s.service(), entry).text();
                    });
                });
    }

    /** After the restart: the container's bindings, as docker reports them, include the address and port. */
    Action verify() {
        return new Action("verify-published-port", "check that " + s.service() + " is published at " + source,
                List.of(Effect.check(s.postgres().publishedPorts() + "  # expect 5432/tcp at " + source)),
                ctx -> {
                    String ip = ctx.requireOutput(ID, EXPECTED);
                    String json = HostCommands.require(ctx, s.postgres(ctx).publishedPorts(), "Check that "
                            + s.service() + " runs: `" + s.preview().runningServices() + "`");
                    List<PortBinding> bindings = bindings(json);
                    if (!publishes(bindings, ip, source)) {
                        throw Failures.stepWithNextAction(s.service() + " publishes " + (bindings.isEmpty() ? "no port"
                                : bindings.toString()) + ", not 5432 at " + (ip.equals("0.0.0.0") ? "every address"
                                : ip) + ":" + source.port() + ", though its compose ports say so", "Read `"
                                + s.preview().logs(s.service(), 50) + "` (another process on that port?), fix it, then"
                                + " resume; or roll back with `ferry rollback PLAN --to " + ID + "`");
                    }
                    ctx.progress(s.service() + ": 5432 published at " + (ip.equals("0.0.0.0") ? "every address"
                            : ip) + ":" + source.port() + ", where RDS subscribes");
                });
    }

    /**
     * Refuses (nothing changed yet) when the host has no interface with the source's address, or something already
     * listens there on that port: docker could not bind it and the upgrade's restart would fail with postgres down.
     * A host without {@code ip} or {@code ss} gives a note instead, leaving it to docker.
     */
    public static Optional<String> refuseUnlessFree(CommandResult addresses, CommandResult listeners,
                                                    ReplicationSource source) {
        if (!addresses.ok() || !listeners.ok()) {
            return Optional.of("`" + HostSockets.ADDRESSES + "` or `" + HostSockets.LISTENERS + "` did not run on the"
                    + " host, so whether " + source + " is free is left to docker at the restart");
        }
        List<String> own = HostSockets.addresses(addresses.stdout());
        if (!own.contains(source.address())) {
            throw Failures.preflight(source.address() + " is not an address of the host (it has " + String.join(", ",
                    own) + "), so docker could not publish postgres there", "Set move-database.replicationSource"
                    + " to the host's private address (on EC2 the instance's private IPv4 address; `"
                    + HostSockets.ADDRESSES + "` lists them)");
        }
        Optional<String> taken = HostSockets.listener(listeners.stdout(), source.address(), source.port());
        if (taken.isPresent()) {
            throw Failures.preflight("a process on the host already listens on " + taken.get() + ", so docker could"
                    + " not publish postgres at " + source, "Find it with `sudo ss -ltnp`, or choose a free port for"
                    + " move-database.replicationSource (and the security group rule)");
        }
        return Optional.empty();
    }

    /** Whether {@code bindings} include 5432 at {@code ip} ("0.0.0.0": every address) and the source's port. */
    public static boolean publishes(List<PortBinding> bindings, String ip, ReplicationSource source) {
        return bindings.stream().anyMatch(b -> b.containerPort() == ReplicationSource.CONTAINER_PORT
                && b.hostPort() == source.port() && (b.hostIp().equals(ip) || ip.equals("0.0.0.0") && b.everyAddress()));
    }

    public static List<PortBinding> bindings(String json) {
        try {
            return PortBinding.fromInspect(json);
        } catch (IllegalArgumentException e) {
            throw Failures.step("`docker inspect` printed " + e.getMessage(), "Check the container with"
                    + " `docker inspect` on the host");
        }
    }

    /**
     * The entry to add to {@code service}'s ports, or none when it already publishes 5432 where RDS needs it. Another
     * publish of 5432 (another address, or every address on another port) stays as it is: the new entry is only
     * added beside it. Refused, before anything changes: ports ferry cannot read, or the address and port taken.
     */
    public static Decision decide(ComposeFile file, String service, ReplicationSource source) {
        List<PortBinding> own = bindingsOf(file, service, source, true);
        Optional<PortBinding> exact = own.stream().filter(b -> isPostgres(b) && !b.everyAddress()
                && b.hostIp().equals(source.address()) && b.hostPort() == source.port()).findFirst();
        if (exact.isPresent()) {
            return new Decision("", source.address(), service + " already publishes 5432 at " + source
                    + "; its ports stay as they are");
        }
        Optional<PortBinding> every = own.stream().filter(b -> isPostgres(b) && b.everyAddress()
                && b.hostPort() == source.port()).findFirst();
        if (every.isPresent()) {
            return new Decision("", "0.0.0.0", service + " already publishes 5432 on every address of the host at port "
                    + source.port() + ", which includes " + source + "; ferry adds nothing and narrows nothing. Every"
                    + " address is wider than RDS needs: if nothing else uses it, change that entry to \""
                    + source.publishEntry() + "\" by hand");
        }
        List<String> clashes = new ArrayList<>();
        for (String other : file.services()) {
            bindingsOf(file, other, source, other.equals(service)).stream()
                    .filter(b -> "tcp".equals(b.protocol()) && b.clashes(source.address(), source.port()))
                    .forEach(b -> clashes.add(other + " (" + b + ")"));
        }
        if (!clashes.isEmpty()) {
            throw Failures.preflight("port " + source.port() + " at " + source.address() + " is already published by "
                    + String.join(", ", clashes) + ", so " + service + " cannot be published there", "Choose a free"
                    + " port for move-database.replicationSource (and the security group rule), or free that one");
        }
        List<PortBinding> elsewhere = own.stream().filter(PortPublish::isPostgres).toList();
        return new Decision(source.publishEntry(), source.address(), service + " gets ports entry \""
                + source.publishEntry() + "\" (5432 at " + source + " only)" + (elsewhere.isEmpty() ? ""
                : "; its other publish of 5432 (" + elsewhere.stream().map(PortBinding::toString).toList()
                + ") stays as it is"));
    }

    private static boolean isPostgres(PortBinding b) {
        return b.containerPort() == ReplicationSource.CONTAINER_PORT && "tcp".equals(b.protocol());
    }

    /** The service's bindings; for another service, what ferry cannot read is skipped (docker would say at the up). */
    private static List<PortBinding> bindingsOf(ComposeFile file, String service, ReplicationSource source,
                                                boolean strict) {
        List<String> entries;
        try {
            entries = file.ports(service);
        } catch (IllegalArgumentException e) {
            if (!strict) {
                return List.of();
            }
            throw cannotRead(service, source, e.getMessage());
        }
        List<PortBinding> bindings = new ArrayList<>();
        for (String entry : entries) {
            Optional<PortBinding> binding = PortBinding.parse(entry);
            if (binding.isEmpty() && strict) {
                throw cannotRead(service, source, "its ports: entry \"" + entry + "\" is not one ferry reads"
                        + " ([address:][host:]container[/protocol], one port each)");
            }
            binding.ifPresent(bindings::add);
        }
        return bindings;
    }

    private static RuntimeException cannotRead(String service, ReplicationSource source, String why) {
        return Failures.preflight("ferry cannot tell what service " + service + " publishes: " + why, "Add"
                + " `- \"" + source.publishEntry() + "\"` to its ports by hand (5432 at " + source + " only, never"
                + " every address), then run the step again");
    }
}
