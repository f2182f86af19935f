package dev.ferry.engine;

import dev.ferry.step.Redacted;
import dev.ferry.step.ActionContext;
import dev.ferry.step.AwsPorts;
import dev.ferry.step.DatabasePorts;
import dev.ferry.step.RemoteShell;
import dev.ferry.plan.Plan;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ActionContext} of one run: connects to the host on first use and collects the current step's outputs.
 * Actions fan out over threads (provision registers task definitions in parallel), so the mutable parts share one
 * monitor: an unguarded map lost outputs recorded at the same moment.
 */
final class RunContext implements ActionContext, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("ferry");
    private final Migration migration;
    private final Map<String, String> pending = new LinkedHashMap<>();
    private RemoteShell shell;
    private String currentStep;

    RunContext(Migration migration) {
        this.migration = migration;
    }

    @Override
    public Plan plan() {
        return migration.plan();
    }

    @Override
    public synchronized RemoteShell host() {
        if (shell == null) {
            shell = migration.adapters().hosts().connect(migration.plan().source());
        }
        return shell;
    }

    @Override
    public AwsPorts aws() {
        return migration.adapters().aws();
    }

    @Override
    public DatabasePorts database() {
        return migration.adapters().database();
    }

    @Override
    public synchronized Map<String, String> outputs() {
        Map<String, String> all = new LinkedHashMap<>(migration.state().outputs());
        pending.forEach((k, v) -> all.put(currentStep + "." + k, v));
        return all;
    }

    synchronized void enterStep(String stepId) {
        currentStep = stepId;
    }

    @Override
    public synchronized void record(String key, String value) {
        if (value != null && !Redacted.urls(value).equals(value)) {
            throw new IllegalArgumentException("output '" + key + "' holds a URL with a password; store it in SSM and record its name");
        }
        pending.put(key, value);
    }

    @Override
    public synchronized void persist(String key, String value) {
        record(key, value);
        String step = currentStep;
        migration.checkpoint(s -> s.withStep(step, s.step(step).orElseThrow().withOutputs(Map.of(key, value))));
    }

    synchronized Map<String, String> takeRecorded() {
        Map<String, String> taken = new LinkedHashMap<>(pending);
        pending.clear();
        return taken;
    }

    @Override
    public void writeStateFile(String name, byte[] content) {
        migration.stateBackend().writeFile(name, content);
    }

    @Override
    public java.util.Optional<byte[]> readStateFile(String name) {
        return migration.stateBackend().readFile(name);
    }

    @Override
    public void progress(String message) {
        migration.progress().report(message);
    }

    @Override
    public dev.ferry.step.Progress live() {
        return migration.progress();
    }

    @Override
    public Logger log() {
        return LOG;
    }

    @Override
    public synchronized void close() {
        if (shell != null) {
            shell.close();
            shell = null;
        }
    }
}
