package dev.ferry.host;

import dev.ferry.Failures;
import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.step.RemoteShell;
import dev.ferry.step.RemoteShell.RemoteCommand;
import dev.ferry.plan.ComposeProject;
import java.time.Duration;
import java.util.List;

/**
 * Builds {@code docker compose -f <file> --project-directory <dir> ...} command lines for the plan's project. The
 * preview assumes the compose plugin; a run detects whether the host has {@code docker compose} or only the legacy
 * {@code docker-compose}.
 */
public final class ComposeCommands {
    public static final String PLUGIN = "docker compose";
    public static final String LEGACY = "docker-compose";

    private final String binary;
    private final ComposeProject project;

    private ComposeCommands(String binary, ComposeProject project) {
        this.binary = binary;
        this.project = project;
    }

    public static ComposeCommands preview(ComposeProject project) {
        return new ComposeCommands(PLUGIN, project);
    }

    public static ComposeCommands detect(RemoteShell shell, ComposeProject project) {
        for (String candidate : List.of(PLUGIN, LEGACY)) {
            if (shell.run(RemoteCommand.of(candidate + " version", Duration.ofSeconds(30))).ok()) {
                return new ComposeCommands(candidate, project);
            }
        }
        throw FerryException.advised(ErrorCode.PREFLIGHT_FAILED, "neither `docker compose version` nor"
                + " `docker-compose version` succeeds on the host; nothing was changed. Install the compose plugin"
                + " (or check that the SSH user may run docker) and retry");
    }

    public String binary() {
        return binary;
    }

    public String base() {
        return binary + " -f " + ShellWords.quote(project.composePath()) + " --project-directory "
                + ShellWords.quote(project.directory());
    }

    public String runningServices() {
        return base() + " ps --services --filter status=running";
    }

    public String containerId(String service) {
        return base() + " ps -q " + service(service);
    }

    public String stop(List<String> services) {
        return base() + " stop " + services(services);
    }

    /** Stop with a grace period, so workers finish the job they are running (warm shutdown). */
    public String stop(List<String> services, Duration grace) {
        return base() + " stop -t " + grace.toSeconds() + " " + services(services);
    }

    public String start(List<String> services) {
        return base() + " start " + services(services);
    }

    /** Creates or recreates the services whose configuration changed, and removes containers of deleted services. */
    public String up(List<String> services) {
        return base() + " up -d --remove-orphans " + services(services);
    }

    public String upWithoutDependencies(String service) {
        return base() + " up -d --no-deps " + service(service);
    }

    /** {@code command} is already shell text for the container, e.g. {@code pg_isready}. */
    public String exec(String service, String command) {
        return base() + " exec -T " + service(service) + " " + command;
    }

    public String remove(List<String> services) {
        return base() + " rm -s -f " + services(services);
    }

    public String logs(String service, int tail) {
        return base() + " logs --no-color --tail " + tail + " " + service(service);
    }

    /** A service name as one word; refused when docker compose would read it as an option. */
    private static String service(String name) {
        if (name.startsWith("-")) {
            throw Failures.input("compose service name \"" + name + "\" starts with '-', so docker compose would read it"
                    + " as an option; nothing was run", "Rename the service in the compose file and in the plan's"
                    + " compose.services");
        }
        return ShellWords.quote(name);
    }

    private static String services(List<String> names) {
        return String.join(" ", names.stream().map(ComposeCommands::service).toList());
    }
}
