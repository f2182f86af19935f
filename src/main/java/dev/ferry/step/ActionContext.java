package dev.ferry.step;

import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import dev.ferry.plan.Plan;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * What an action body works with: the adapters, the outputs earlier actions recorded, and a place to record its own.
 * Outputs go into state; never put a secret in them (store secrets in SSM and record the parameter name).
 */
public interface ActionContext {

    Plan plan();

    RemoteShell host();

    AwsPorts aws();

    DatabasePorts database();

    /** Outputs of every applied step, keyed {@code step-id.key}. */
    Map<String, String> outputs();

    default Optional<String> output(String stepId, String key) {
        return Optional.ofNullable(outputs().get(stepId + "." + key));
    }

    /**
     * An output an earlier action of the run must have recorded. Its absence means state was edited or the action
     * that records it never ran, so the message says which and how to redo it instead of failing on a bare Optional.
     */
    default String requireOutput(String stepId, String key) {
        return output(stepId, key).orElseThrow(() -> FerryException.withNextAction(ErrorCode.STEP_FAILED,
                "state has no output " + stepId + "." + key + ", which an earlier action of step " + stepId
                + " records; state.json was edited or that action never finished", "Undo the step with"
                + " `ferry rollback PLAN --to " + stepId + "` and run it again"));
    }

    /** Records an output of the current step; it is checkpointed with the action. */
    void record(String key, String value);

    /**
     * Records an output and checkpoints it at once, before the action goes on: for what a rollback needs to know even
     * if the action fails or the process dies right after (a backup's path before the file is overwritten, the
     * services about to be stopped). Kept when the action fails, unlike {@link #record}.
     */
    default void persist(String key, String value) {
        record(key, value);
    }

    /**
     * Keeps a file beside the plan's state (wherever the state lives: a local directory or the team's bucket), for
     * outputs too large for state.json (e.g. a snapshot kept as a rollback baseline). Same rule as outputs: never write
     * a secret there. {@code name} is a plain file name.
     */
    void writeStateFile(String name, byte[] content);

    /** A file kept by {@link #writeStateFile}, if there is one. */
    Optional<byte[]> readStateFile(String name);

    /** Progress for the operator (stderr), also written to the run log. Must not contain secrets. */
    void progress(String message);

    /** The same channel for long operations that report while they run (waits, the data move's tables). */
    default Progress live() {
        return this::progress;
    }

    Logger log();
}
