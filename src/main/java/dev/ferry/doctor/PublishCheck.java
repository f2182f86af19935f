package dev.ferry.doctor;

import dev.ferry.FerryException;
import dev.ferry.host.ComposeFile;
import dev.ferry.host.HostSockets;
import dev.ferry.host.PortBinding;
import dev.ferry.plan.ReplicationSource;
import dev.ferry.plan.StepIds;
import dev.ferry.step.Check;
import dev.ferry.step.RemoteShell.CommandResult;
import dev.ferry.step.RemoteShell.RemoteCommand;
import dev.ferry.steps.MoveSettings;
import dev.ferry.steps.PortPublish;
import dev.ferry.steps.PostgresCommands;
import java.time.Duration;
import java.util.List;

/**
 * {@code ferry doctor} for a plan that may replicate with a {@code replicationSource}: whether the compose postgres is
 * published there (RDS subscribes at that address), from the container's bindings as docker reports them, and if not,
 * who publishes it: upgrade-local-postgres when it is still to run, else the operator by hand.
 */
final class PublishCheck {
    private final MoveSettings settings;
    private final HostChecks host;
    private final boolean upgradeToRun;

    PublishCheck(MoveSettings settings, HostChecks host, boolean upgradeToRun) {
        this.settings = settings;
        this.host = host;
        this.upgradeToRun = upgradeToRun;
    }

    private CommandResult run(String command) {
        return host.shell().run(RemoteCommand.of(command, Duration.ofSeconds(60)));
    }

    Check check() {
        ReplicationSource source = ReplicationSource.parse(settings.replicationSource());
        String service = settings.service();
        List<PortBinding> bindings = PortPublish.bindings(host.require(new PostgresCommands(host.compose(), service)
                .publishedPorts(), "Check that " + service + " runs: `" + host.compose().runningServices() + "`"));
        if (PortPublish.publishes(bindings, source.address(), source)) {
            return Check.ok(service + " publishes 5432 at " + source);
        }
        if (PortPublish.publishes(bindings, "0.0.0.0", source)) {
            return Check.warn(service + " publishes 5432 on every address of the host at port " + source.port()
                    + ", which includes " + source, "Every address is wider than RDS needs: if nothing else uses it,"
                    + " publish it as \"" + source.publishEntry() + "\" in the compose ports instead");
        }
        String now = bindings.isEmpty() ? "no port" : bindings.toString();
        if (upgradeToRun) {
            try {
                PortPublish.Decision decision = PortPublish.decide(ComposeFile.parse(host.shell().readFile(
                        settings.plan().compose().composePath())), service, source);
                PortPublish.refuseUnlessFree(run(HostSockets.ADDRESSES), run(HostSockets.LISTENERS), source);
                return Check.ok(service + " publishes " + now + " (not yet " + source + "): upgrade-local-postgres"
                        + " will publish it (" + decision.news() + ")");
            } catch (FerryException refused) {
                return Check.fail(service + " is not published at " + source + ", and upgrade-local-postgres"
                        + " will refuse to publish it: " + refused.getMessage(), "Do as it says, then run `ferry doctor` again");
            }
        }
        return Check.warn(service + " publishes " + now + ", not 5432 at " + source + ", so RDS cannot subscribe"
                + " there (unless something else forwards that port)", "Add `- \"" + source.publishEntry() + "\"` to"
                + " the ports of service " + service + " in " + settings.plan().compose().composePath() + " and run `"
                + host.compose().upWithoutDependencies(service) + "`" + (settings.plan().step(StepIds
                .UPGRADE_LOCAL_POSTGRES).isPresent() ? "" : " (or put upgrade-local-postgres, which does it, in the plan"
                + " before move-database)"));
    }
}
