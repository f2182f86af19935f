package dev.ferry.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import java.io.IOException;

/**
 * A state document read from a {@link StateBackend}, checked before it is copied anywhere: the envelope, the checksum
 * over {@code state}, and the lineage and serial a copy is judged by. (The full checks, with line and column, are
 * {@link StateFile}'s, on a file; this is the part a copy needs, on bytes from any backend.)
 */
record StateDocument(byte[] bytes, String version, RunState state) {

    static StateDocument verify(String location, StateBackend.Versioned read) {
        byte[] bytes = read.content();
        JsonNode envelope;
        try {
            envelope = Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw corrupt(location, "not JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (envelope == null || !envelope.path("checksum").isTextual() || !envelope.path("state").isObject()) {
            throw corrupt(location, "not an object with checksum and state");
        }
        String recorded = envelope.get("checksum").asText();
        String computed;
        RunState state;
        try {
            computed = Json.sha256(Json.mapper().writeValueAsBytes(envelope.get("state")));
            state = Json.mapper().treeToValue(envelope.get("state"), RunState.class);
        } catch (JsonProcessingException e) {
            throw corrupt(location, "its state does not fit ferry's shape (" + e.getOriginalMessage() + ")");
        }
        if (!recorded.equals(computed)) {
            throw corrupt(location, "checksum mismatch: recorded " + Json.shortDigest(recorded) + ", computed "
                    + Json.shortDigest(computed) + "; it was edited or truncated");
        }
        if (state.lineage() == null || state.lineage().isBlank() || state.serial() < 1) {
            throw corrupt(location, "no lineage, or a serial below 1 (serial " + state.serial() + ")");
        }
        return new StateDocument(bytes, read.version(), state);
    }

    String lineage() {
        return state.lineage();
    }

    long serial() {
        return state.serial();
    }

    private static FerryException corrupt(String location, String what) {
        return new FerryException(ErrorCode.INVALID_INPUT, "corrupt state at " + location + ": " + what
                + ". Nothing was copied; check it with `ferry status PLAN` where it was written");
    }
}
