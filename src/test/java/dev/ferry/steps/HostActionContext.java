package dev.ferry.steps;

import dev.ferry.plan.Plan;
import dev.ferry.step.ActionContext;
import dev.ferry.step.Adapters;
import dev.ferry.step.AwsPorts;
import dev.ferry.step.DatabasePorts;
import dev.ferry.step.RemoteShell;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's view of the world for one action of {@code step} that needs only the host: a real shell, the outputs
 * given (recorded ones go there too, under the step's id), state files in memory, and the progress it reported.
 */
final class HostActionContext implements ActionContext {
    final List<String> progress = new ArrayList<>();
    private final Map<String, byte[]> stateFiles = new HashMap<>();
    private final RemoteShell shell;
    private final Plan plan;
    private final Map<String, String> outputs;
    private final String step;
    private final AwsPorts aws;

    HostActionContext(RemoteShell shell, Plan plan, Map<String, String> outputs, String step) {
        this(shell, plan, outputs, step, Adapters.unavailable().aws());
    }

    /** The same with an AWS endpoint (the sandbox's) for actions that also call AWS. */
    HostActionContext(RemoteShell shell, Plan plan, Map<String, String> outputs, String step, AwsPorts aws) {
        this.shell = shell;
        this.plan = plan;
        this.outputs = outputs;
        this.step = step;
        this.aws = aws;
    }

    @Override public Plan plan() { return plan; }
    @Override public RemoteShell host() { return shell; }
    @Override public AwsPorts aws() { return aws; }
    @Override public DatabasePorts database() { return Adapters.unavailable().database(); }
    @Override public Map<String, String> outputs() { return outputs; }
    @Override public void record(String key, String value) { outputs.put(step + "." + key, value); }
    @Override public void progress(String message) { progress.add(message); }
    @Override public Logger log() { return LoggerFactory.getLogger(HostActionContext.class); }

    @Override
    public void writeStateFile(String name, byte[] content) {
        stateFiles.put(name, content.clone());
    }

    @Override
    public Optional<byte[]> readStateFile(String name) {
        return Optional.ofNullable(stateFiles.get(name)).map(byte[]::clone);
    }
}
