package dev.ferry.steps;

import dev.ferry.Failures;
import dev.ferry.host.HostCommands;
import dev.ferry.host.ShellWords;
import dev.ferry.host.ComposeMounts;
import dev.ferry.step.ActionContext;
import dev.ferry.step.RemoteShell.CommandResult;
import dev.ferry.step.RemoteShell.RemoteCommand;
import dev.ferry.plan.Plan;
import dev.ferry.plan.ServiceRole;
import dev.ferry.plan.StepIds;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides, read-only, what {@code removeVolumes} deletes: of the old database's mounts only the one at its data
 * directory, and the named volumes of the database and the cache. Never a read-only mount, a bind source outside the
 * compose directory (as written, and as the host resolves it), the compose directory itself or a parent of it, what
 * holds the env or compose file, or what a service that stays also mounts. The mounts come from the compose file as
 * it was before ferry removed the services (the backups move-database and repoint-redis took).
 */
final class OldDataSurvey {
    private static final Pattern VOLUME_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

    private final ActionContext ctx;
    private final Plan plan;
    private final PlanNames names;
    private final String sudo;
    private final Path directory;
    private final Path envFile;
    private final Path composeFile;
    private final DataToRemove result = new DataToRemove();
    private final List<ComposeMounts.Mount> staying = new ArrayList<>();
    private String project;

    OldDataSurvey(ActionContext ctx) {
        this.ctx = ctx;
        this.plan = ctx.plan();
        this.names = new PlanNames(plan);
        this.sudo = ShellWords.privileged(plan);
        this.directory = Path.of(plan.compose().directory()).normalize();
        this.envFile = directory.resolve(plan.compose().envFile()).normalize();
        this.composeFile = Path.of(plan.compose().composePath()).normalize();
    }

    DataToRemove survey() {
        ComposeMounts current = parse(plan.compose().composePath());
        for (String service : current.services()) {
            ServiceRole role = plan.compose().services().get(service);
            if ((role == null || role == ServiceRole.KEEP) && !isOldData(service)) {
                staying.addAll(current.of(service));
            }
        }
        survey(StepIds.MOVE_DATABASE, names.databaseService(), true, current);
        survey(StepIds.REPOINT_REDIS, names.cacheService(), false, current);
        return result;
    }

    /** The service's mounts as the compose file had them before {@code stepId} removed it (or as it is now). */
    private void survey(String stepId, String service, boolean database, ComposeMounts current) {
        Optional<ComposeMounts> before = definition(stepId, service, current);
        if (before.isEmpty()) {
            result.keep("data of " + service, "no compose file that defines it: neither a backup from " + stepId
                    + " nor " + plan.compose().composePath());
            return;
        }
        project = before.get().projectName().orElse(defaultProject());
        for (ComposeMounts.Mount mount : before.get().of(service)) {
            if (mount.bind()) {
                bind(mount, database);
            } else if (mount.source() != null) {
                volume(mount, before.get());
            }
        }
    }

    private Optional<ComposeMounts> definition(String stepId, String service, ComposeMounts current) {
        for (String step : List.of(stepId, StepIds.DECOMMISSION)) {
            Optional<String> backup = ctx.output(step, "composeFileBackup");
            if (backup.isPresent()) {
                ComposeMounts mounts = parse(backup.get());
                if (mounts.services().contains(service)) {
                    return Optional.of(mounts);
                }
            }
        }
        return current.services().contains(service) ? Optional.of(current) : Optional.empty();
    }

    private void bind(ComposeMounts.Mount mount, boolean database) {
        String source = mount.source();
        if (mount.readOnly()) {
            result.keep(ShellWords.quote(source), "read-only mount");
            return;
        }
        if (source.contains("$") || source.startsWith("~")) {
            result.keep(ShellWords.quote(source), "depends on the environment docker compose runs in");
            return;
        }
        Path path;
        try {
            path = directory.resolve(source).normalize();
        } catch (InvalidPathException e) {
            result.keep(ShellWords.quote(source), "not a usable path");
            return;
        }
        Optional<String> refusal = refusal(path, mount, database);
        if (refusal.isPresent()) {
            result.keep(ShellWords.quote(path.toString()), refusal.get());
        } else {
            deleteWhereTheHostResolvesIt(path);
        }
    }

    private Optional<String> refusal(Path path, ComposeMounts.Mount mount, boolean database) {
        Optional<String> outside = outsideReason(path, directory, envFile, composeFile);
        if (outside.isPresent()) {
            return outside;
        }
        if (!database) {
            return Optional.of("a bind mount of the cache; only the database's data directory is deleted");
        }
        if (!mount.target().replaceAll("/+$", "").equals(PostgresCommands.DATA_DIR_IN_CONTAINER)) {
            return Optional.of("mounted at " + mount.target() + ", not at the data directory "
                    + PostgresCommands.DATA_DIR_IN_CONTAINER);
        }
        boolean shared = staying.stream().filter(ComposeMounts.Mount::bind).map(ComposeMounts.Mount::source)
                .filter(s -> s.indexOf('\0') < 0).map(s -> directory.resolve(s).normalize())
                .anyMatch(p -> p.startsWith(path) || path.startsWith(p));
        return shared ? Optional.of("a service that stays mounts it too") : Optional.empty();
    }

    /** Symlinks could lead out of the compose directory: the host's own resolution must stay inside too. */
    private void deleteWhereTheHostResolvesIt(Path path) {
        Optional<Path> real = resolved(path);
        if (real.isEmpty()) {
            result.keep(ShellWords.quote(path.toString()), "not on the host (already deleted)");
            return;
        }
        Optional<String> outside = outsideReason(real.get(), resolved(directory).orElse(directory),
                resolved(envFile).orElse(envFile), resolved(composeFile).orElse(composeFile));
        if (outside.isPresent()) {
            result.keep(ShellWords.quote(path.toString()), "resolves to " + ShellWords.quote(real.get().toString())
                    + " on the host: " + outside.get());
        } else {
            result.delete(new DataToRemove.Deletion(false, real.get().toString()));
        }
    }

    /** Why {@code path} must never be deleted, judged by the compose directory and the files in it. */
    static Optional<String> outsideReason(Path path, Path directory, Path envFile, Path composeFile) {
        if (path.equals(directory)) {
            return Optional.of("the compose directory itself");
        }
        if (directory.startsWith(path)) {
            return Optional.of("a parent of the compose directory " + ShellWords.quote(directory.toString()));
        }
        if (!path.startsWith(directory)) {
            return Optional.of("outside the compose directory " + ShellWords.quote(directory.toString()));
        }
        if (envFile.startsWith(path)) {
            return Optional.of("holds the env file " + ShellWords.quote(envFile.toString()));
        }
        if (composeFile.startsWith(path)) {
            return Optional.of("holds the compose file " + ShellWords.quote(composeFile.toString()));
        }
        if (path.getNameCount() < 2) {
            return Optional.of("too close to the filesystem root");
        }
        return Optional.empty();
    }

    private void volume(ComposeMounts.Mount mount, ComposeMounts compose) {
        String volume = mount.source();
        String shown = "volume " + ShellWords.quote(volume);
        if (mount.readOnly()) {
            result.keep(shown, "read-only mount");
        } else if (compose.external(volume)) {
            result.keep(shown, "external: docker compose did not create it");
        } else if (staying.stream().anyMatch(m -> !m.bind() && volume.equals(m.source()))) {
            result.keep(shown, "a service that stays mounts it too");
        } else {
            List<String> found = HostCommands.require(ctx, volumeList(project, volume), "Check `docker volume ls` on the"
                    + " host").lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
            if (found.isEmpty()) {
                result.keep(shown, "no docker volume of compose project " + project + " has it (already removed)");
            }
            for (String name : found) {
                if (VOLUME_NAME.matcher(name).matches()) {
                    result.delete(new DataToRemove.Deletion(true, name));
                } else {
                    result.keep("volume " + ShellWords.quote(name), "not a docker volume name");
                }
            }
        }
    }

    static String volumeList(String project, String volume) {
        return "docker volume ls -q --filter " + ShellWords.quote("label=com.docker.compose.project=" + project)
                + " --filter " + ShellWords.quote("label=com.docker.compose.volume=" + volume);
    }

    static String resolveCommand(String sudo, String path) {
        return sudo + "readlink -e -- " + ShellWords.quote(path);
    }

    /** The path with every symlink resolved by the host, or empty when it does not exist there. */
    private Optional<Path> resolved(Path path) {
        CommandResult out = HostCommands.run(ctx, RemoteCommand.of(resolveCommand(sudo, path.toString()), HostCommands.SHORT));
        String text = out.stdout().endsWith("\n") ? out.stdout().substring(0, out.stdout().length() - 1) : out.stdout();
        return out.ok() && text.startsWith("/") ? Optional.of(Path.of(text).normalize()) : Optional.empty();
    }

    private boolean isOldData(String service) {
        return service.equals(names.databaseService()) || service.equals(names.cacheService());
    }

    /** What compose names the project after the directory: lower case, only a-z 0-9 _ -, no leading _ or -. */
    private String defaultProject() {
        String name = directory.getFileName() == null ? "" : directory.getFileName().toString();
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "").replaceAll("^[_-]+", "");
    }

    private ComposeMounts parse(String path) {
        try {
            return ComposeMounts.parse(ctx.host().readFile(path));
        } catch (RuntimeException e) {
            throw Failures.step("cannot read the services' mounts from " + path + ": " + e.getMessage(),
                    "Check that the file is valid YAML; nothing was deleted");
        }
    }
}
