package dev.ferry.steps;

import dev.ferry.step.AwsPorts;
import dev.ferry.step.DatabasePorts;
import dev.ferry.step.ActionContext;
import dev.ferry.step.Adapters;
import dev.ferry.step.RemoteShell;
import dev.ferry.plan.Plan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An action context over a {@link FakeHost}; records outputs under {@code stepId.key} like the engine does. */
final class FakeContext implements ActionContext {
    final Map<String, byte[]> stateFiles = new HashMap<>();
    final FakeHost host = new FakeHost();
    final Map<String, String> outputs = new HashMap<>();
    final List<String> progress = new ArrayList<>();
    private final Plan plan;
    private final String stepId;

    FakeContext(Plan plan, String stepId) {
        this.plan = plan;
        this.stepId = stepId;
    }

    @Override
    public Plan plan() {
        return plan;
    }

    @Override
    public RemoteShell host() {
        return host;
    }

    @Override
    public AwsPorts aws() {
        return Adapters.unavailable().aws();
    }

    @Override
    public DatabasePorts database() {
        return Adapters.unavailable().database();
    }

    @Override
    public Map<String, String> outputs() {
        return outputs;
    }

    @Override
    public void record(String key, String value) {
        outputs.put(stepId + "." + key, value);
    }

    @Override
    public void progress(String message) {
        progress.add(message);
    }

    @Override
    public Logger log() {
        return LoggerFactory.getLogger(FakeContext.class);
    }

    @Override
    public void writeStateFile(String name, byte[] content) {
        stateFiles.put(name, content.clone());
    }

    @Override
    public Optional<byte[]> readStateFile(String name) {
        return Optional.ofNullable(stateFiles.get(name)).map(byte[]::clone);
    }
}
