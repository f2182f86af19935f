package dev.ferry.sandbox.host;

import dev.ferry.sandbox.local.LocalPostgres;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** {@code up}, {@code stop}, {@code start}, {@code restart}, {@code rm}, {@code down}: container lifecycle. */
final class ComposeLifecycle {
    private final ComposeContext project;
    private final Containers containers;
    private final PrintStream err;

    ComposeLifecycle(ComposeContext project, Containers containers, PrintStream err) {
        this.project = project;
        this.containers = containers;
        this.err = err;
    }

    int up(Args args) {
        boolean detach = args.flag("-d", "--detach");
        boolean force = args.flag("--force-recreate");
        boolean noDeps = args.flag("--no-deps");
        boolean removeOrphans = args.flag("--remove-orphans");
        args.flag("--wait", "--quiet-pull", "--no-build", "--no-color");
        args.option("--wait-timeout", "-t", "--timeout", "--pull");
        List<String> named = validated(args.positionals());
        if (!detach) {
            throw new ComposeError("the sandbox's docker stand-in runs `up` detached only: add -d");
        }
        return mutate(state -> {
            orphans(state, removeOrphans);
            for (String service : ordered(named.isEmpty() ? services() : named, noDeps)) {
                upOne(state, service, force && (named.isEmpty() || named.contains(service)));
            }
        });
    }

    private void upOne(ComposeState state, String service, boolean force) {
        ComposeFile.ComposeService definition = project.file().service(service);
        Map<String, String> env = project.environment(definition);
        String hash = Integer.toHexString(List.of(definition, env).hashCode());
        ContainerRecord existing = state.containers().get(service);
        if (existing != null && existing.configHash().equals(hash) && !force) {
            if (existing.running()) {
                progress(existing, "Running");
            } else {
                startExisting(state, existing);
            }
            return;
        }
        if (existing != null) {
            progress(existing, "Recreate");
            Containers.stop(existing);
        }
        ContainerRecord created = create(definition, hash, existing);
        ContainerConfig.write(created, env);
        progress(created, existing == null ? "Created" : "Recreated");
        start(state, created, env);
    }

    private ContainerRecord create(ComposeFile.ComposeService service, String hash, ContainerRecord previous) {
        String id = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
        ServiceImage image = ServiceImage.of(service.image());
        int containerPort = image.postgres() ? 5432 : image.kind() == ServiceImage.Kind.REDIS ? 6379 : 0;
        int port = service.ports().stream().filter(p -> p.containerPort() == containerPort && p.hostPort() > 0)
                .mapToInt(ComposeFile.Port::hostPort).findFirst()
                .orElse(containerPort == 0 ? 0 : previous != null ? previous.port() : LocalPostgres.freePort());
        Path directory = project.containerDirectory(id);
        String dataDir = dataDirectory(service, image, directory, previous);
        long now = System.currentTimeMillis();
        return new ContainerRecord(service.name(), project.containerName(service.name()), id, service.image(), hash,
                "created", 0, 0, null, port, service.ports(), dataDir, directory.toString(), now, 0, 0,
                ContainerMounts.of(project, service, image, dataDir));
    }

    /** The volume a data directory lives in: a bind path, a named volume, or the previous container's anonymous one. */
    private String dataDirectory(ComposeFile.ComposeService service, ServiceImage image, Path directory,
                                 ContainerRecord previous) {
        String target = image.postgres() ? "/var/lib/postgresql" : "/data";
        return service.mounts().stream().filter(m -> m.target().startsWith(target) && m.source() != null)
                .map(m -> m.bind() ? Path.of(m.source()) : project.namedVolume(m.source()))
                .findFirst()
                .orElseGet(() -> previous != null && previous.dataDir() != null ? Path.of(previous.dataDir())
                        : project.sandboxHome().resolve("volumes").resolve(directory.getFileName()).resolve("_data"))
                .toString();
    }

    /**
     * As compose does: dependants before what they depend on, and the containers of one level at once (each waits for
     * its process to end: a worker finishes its job first, so one after the other would add up those waits).
     */
    int stop(Args args) {
        args.option("-t", "--timeout");
        List<String> named = validated(args.positionals());
        return mutate(state -> {
            for (List<String> level : stopLevels(named.isEmpty() ? services() : named)) {
                List<ContainerRecord> records = level.stream().map(state.containers()::get)
                        .filter(java.util.Objects::nonNull).map(ContainerRecord::refreshed).toList();
                stopAtOnce(records).forEach(stopped -> state.containers().put(stopped.service(), stopped));
            }
        });
    }

    /** One thread per container (the common pool would run two at a time on two cores). */
    private List<ContainerRecord> stopAtOnce(List<ContainerRecord> records) throws Exception {
        if (records.size() < 2) {
            return records.stream().map(this::stop).toList();
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(records.size());
        try {
            List<java.util.concurrent.Future<ContainerRecord>> stopping = records.stream()
                    .map(r -> pool.submit(() -> stop(r))).toList();
            List<ContainerRecord> stopped = new ArrayList<>();
            for (java.util.concurrent.Future<ContainerRecord> f : stopping) {
                stopped.add(f.get());
            }
            return stopped;
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@code services} in groups to stop one after the other: no service waits for one in its own group or a later one. */
    private List<List<String>> stopLevels(List<String> services) {
        List<List<String>> levels = new ArrayList<>();
        Set<String> left = new LinkedHashSet<>(services);
        while (!left.isEmpty()) {
            // those no remaining service depends on
            List<String> level = left.stream().filter(s -> left.stream().noneMatch(o -> !o.equals(s)
                    && project.file().service(o).dependsOn().contains(s))).toList();
            if (level.isEmpty()) {
                level = List.copyOf(left);
            }
            levels.add(level);
            level.forEach(left::remove);
        }
        return levels;
    }

    int start(Args args) {
        List<String> named = validated(args.positionals());
        for (String service : named) {
            if (!project.state().containers().containsKey(service)) {
                throw new ComposeError("service \"" + service + "\" has no container to start");
            }
        }
        return mutate(state -> forEach(state, named, false, record -> {
            if (!record.running()) {
                startExisting(state, record);
            }
            return state.containers().get(record.service());
        }));
    }

    int restart(Args args) {
        args.option("-t", "--timeout");
        List<String> named = validated(args.positionals());
        return mutate(state -> forEach(state, named, false, record -> {
            progress(record, "Restarting");
            startExisting(state, Containers.stop(record));
            return state.containers().get(record.service());
        }));
    }

    int rm(Args args) {
        boolean stopFirst = args.flag("-s", "--stop");
        boolean volumes = args.flag("-v", "--volumes");
        args.flag("-f", "--force");
        List<String> named = validated(args.positionals());
        return mutate(state -> {
            List<ContainerRecord> removable = new ArrayList<>();
            forEach(state, named, true, record -> {
                ContainerRecord current = stopFirst && record.running() ? stop(record) : record;
                if (!current.running()) {
                    removable.add(current);
                }
                return current;
            });
            if (removable.isEmpty()) {
                err.println("No stopped containers");
            }
            removable.forEach(record -> remove(state, record, volumes));
        });
    }

    int down(Args args) {
        boolean volumes = args.flag("-v", "--volumes");
        args.flag("--remove-orphans");
        args.option("-t", "--timeout", "--rmi");
        args.positionals();
        return mutate(state -> new ArrayList<>(state.containers().values())
                .forEach(record -> remove(state, stop(record), volumes)));
    }

    private ContainerRecord stop(ContainerRecord record) {
        if (!record.running()) {
            return record;
        }
        progress(record, "Stopping");
        ContainerRecord stopped = Containers.stop(record);
        progress(record, "Stopped");
        return stopped;
    }

    private void remove(ComposeState state, ContainerRecord record, boolean volumes) {
        state.containers().remove(record.service());
        PostgresUpgrade.deleteTree(Path.of(record.directory()));
        boolean anonymous = record.dataDir() != null && record.dataDir().startsWith(project.sandboxHome()
                .resolve("volumes").resolve(record.id()).toString());
        if (volumes && anonymous) {
            PostgresUpgrade.deleteTree(Path.of(record.dataDir()).getParent());
        }
        progress(record, "Removed");
    }

    private void startExisting(ComposeState state, ContainerRecord record) {
        start(state, record, ContainerConfig.read(record));
    }

    private void start(ComposeState state, ContainerRecord record, Map<String, String> env) {
        progress(record, "Starting");
        // the services as this call left them so far: a dependency recreated a moment ago is where it runs now
        ContainerRecord started = containers.start(project, record, env, state.serviceAddresses());
        state.containers().put(record.service(), started);
        progress(record, "Started");
    }

    private void orphans(ComposeState state, boolean remove) {
        List<ContainerRecord> orphans = state.containers().values().stream()
                .filter(c -> !project.file().services().containsKey(c.service())).toList();
        if (orphans.isEmpty()) {
            return;
        }
        if (remove) {
            orphans.forEach(o -> remove(state, stop(o), false));
        } else {
            err.println("WARN[0000] Found orphan containers (" + orphans.stream().map(ContainerRecord::name).toList()
                    + ") for this project. If you removed or renamed this service in your compose file, you can run"
                    + " this command with the --remove-orphans flag to clean it up.");
        }
    }

    private interface Change {
        ContainerRecord apply(ContainerRecord record);
    }

    private interface StateChange {
        void apply(ComposeState state) throws Exception;
    }

    private void forEach(ComposeState state, List<String> named, boolean reverse, Change change) {
        List<String> order = new ArrayList<>(named.isEmpty() ? services() : named);
        if (reverse) {
            java.util.Collections.reverse(order);
        }
        for (String service : order) {
            ContainerRecord record = state.containers().get(service);
            if (record != null) {
                state.containers().put(service, change.apply(record.refreshed()));
            }
        }
    }

    private int mutate(StateChange change) {
        try (AutoCloseable ignored = ComposeState.lock(project.stateFile())) {
            ComposeProjects.register(project);
            ComposeState state = project.state();
            try {
                change.apply(state);
            } finally {
                state.save(project.stateFile());
            }
            return 0;
        } catch (ComposeError | IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new ComposeError(e.getMessage());
        }
    }

    private List<String> services() {
        return List.copyOf(project.file().services().keySet());
    }

    private List<String> validated(List<String> services) {
        services.forEach(project.file()::service);
        return services;
    }

    /** Dependencies before dependants (depends_on), unless {@code --no-deps}. */
    private List<String> ordered(List<String> services, boolean noDeps) {
        Set<String> order = new LinkedHashSet<>();
        services.forEach(s -> visit(s, noDeps, order, new LinkedHashSet<>()));
        return List.copyOf(order);
    }

    private void visit(String service, boolean noDeps, Set<String> order, Set<String> path) {
        if (order.contains(service) || !path.add(service)) {
            return;
        }
        if (!noDeps) {
            project.file().service(service).dependsOn().forEach(d -> visit(d, false, order, path));
        }
        order.add(service);
    }

    private void progress(ContainerRecord record, String what) {
        err.println(" Container " + record.name() + "  " + what);
    }
}
