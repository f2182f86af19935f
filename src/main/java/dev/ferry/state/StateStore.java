package dev.ferry.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * Reads and writes the state document through a {@link StateBackend}. The document carries a sha256 of its content,
 * so a corrupt or truncated state is detected and reported by {@link StateFile}, never silently reset; every write is
 * conditional on the version this store last read or wrote, so a writer that lost a race is refused, not merged.
 */
public final class StateStore {
    public static final String FILE = "state.json";

    private final StateBackend backend;
    private final Clock clock;
    /** Whether the state was read yet; then the version and serial last read or written. */
    private boolean loaded;
    private Optional<String> version = Optional.empty();
    private long serial;

    public StateStore(Path directory, Clock clock) {
        this(new LocalStateBackend(directory), clock);
    }

    public StateStore(StateBackend backend, Clock clock) {
        this.backend = backend;
        this.clock = clock;
    }

    public StateBackend backend() {
        return backend;
    }

    public Optional<RunState> load() {
        Optional<StateBackend.Versioned> stored = backend.readState();
        loaded = true;
        version = stored.map(StateBackend.Versioned::version);
        Optional<RunState> state = stored.map(v -> StateFile.parse(v.content(), backend.location(), backend.recovery()));
        serial = state.map(RunState::serial).orElse(0L);
        return state;
    }

    /** Writes {@code state} with the next serial; refuses if someone else wrote since this store read or wrote it. */
    public RunState save(RunState state) {
        if (!loaded) {
            load();
        }
        RunState next = state.written(serial + 1, clock.instant());
        try {
            version = Optional.of(backend.writeState(render(next), version));
        } catch (StateBackend.StateConflictException e) {
            long there = backend.readState().map(v -> StateFile.parse(v.content(), backend.location(),
                    backend.recovery()).serial()).orElse(0L);
            throw new FerryException(ErrorCode.STATE_CONFLICT, "state " + backend.location() + " was written by"
                    + " someone else: serial " + there + " there, " + serial + " expected. Stop the other ferry, then"
                    + " run `ferry status PLAN` and resume", e);
        }
        serial = next.serial();
        return next;
    }

    /** The state document as stored: the state with a checksum of its content. */
    public static byte[] render(RunState state) {
        try {
            ObjectNode body = Json.mapper().valueToTree(state);
            String checksum = Json.sha256(Json.mapper().writeValueAsBytes(body));
            ObjectNode envelope = Json.mapper().createObjectNode();
            envelope.put("checksum", checksum);
            envelope.set("state", body);
            return (Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(envelope) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
