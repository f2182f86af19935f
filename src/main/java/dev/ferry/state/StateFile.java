package dev.ferry.state;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.ErrorCode;
import dev.ferry.FerryException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Reads one state document ({@code state.json}) and checks it before anything acts on it: the envelope, the checksum, the shape of the
 * state and the values the engine relies on. Each problem names file:line:column and one way out; none is repaired.
 */
public final class StateFile {
    private final String location;
    private final String recovery;
    private final byte[] bytes;

    private StateFile(String location, String recovery, byte[] bytes) {
        this.location = location;
        this.recovery = recovery;
        this.bytes = bytes;
    }

    /**
     * Checks and reads a state document read from {@code location}; {@code recovery} is the way out named when it is
     * corrupt (restore the previous version, as the backend keeps it).
     */
    public static RunState parse(byte[] bytes, String location, String recovery) {
        return new StateFile(location, recovery, bytes).parse();
    }

    private RunState parse() {
        if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            throw corrupt("", "the file is empty");
        }
        JsonNode envelope = envelope();
        String recorded = envelope.get("checksum").asText();
        String computed = sha256(envelope.get("state"));
        if (!recorded.equals(computed)) {
            throw corrupt("/checksum", "checksum mismatch: recorded " + Json.shortDigest(recorded) + ", computed "
                    + Json.shortDigest(computed) + "; the file was edited or truncated");
        }
        RunState state = bind();
        check(state);
        return state;
    }

    private JsonNode envelope() {
        JsonNode envelope;
        try {
            envelope = Json.mapper().readTree(bytes);
        } catch (JsonProcessingException e) {
            throw corruptAt(e.getLocation(), e.getOriginalMessage());
        } catch (IOException e) {
            throw corruptAt(null, e.getMessage());
        }
        if (envelope == null || !envelope.isObject()) {
            throw corrupt("", "the top level is " + kind(envelope) + ", not an object with checksum and state");
        }
        if (!envelope.path("checksum").isTextual()) {
            throw corrupt("", "no 'checksum' field; a ferry state file has checksum and state");
        }
        if (!envelope.path("state").isObject()) {
            throw corrupt("", "no 'state' object; a ferry state file has checksum and state");
        }
        return envelope;
    }

    private RunState bind() {
        try {
            return Json.mapper().readerFor(RunState.class).at("/state").readValue(bytes);
        } catch (JsonMappingException e) {
            throw corruptAt(e.getLocation(), StateShapes.describe(e));
        } catch (IOException e) {
            throw corruptAt(null, e.getMessage());
        }
    }

    /** What the engine relies on and JSON types alone do not promise. */
    private void check(RunState state) {
        if (state.formatVersion() > RunState.FORMAT_VERSION) {
            throw problem("/state/formatVersion", "state format " + state.formatVersion() + " is newer than this"
                    + " ferry reads (" + RunState.FORMAT_VERSION + "). Run the ferry version that wrote it");
        }
        if (state.formatVersion() < RunState.FORMAT_VERSION) {
            throw corrupt("/state/formatVersion", "state format " + state.formatVersion() + " is not one ferry writes");
        }
        requirePresent("/state", "lineage", state.lineage());
        requirePresent("/state", "planName", state.planName());
        if (state.serial() < 1) {
            throw corrupt("/state/serial", "state.serial is " + state.serial() + "; ferry writes serial 1 or more");
        }
        for (Map.Entry<String, StepRecord> step : state.steps().entrySet()) {
            String at = "/state/steps/" + escape(step.getKey());
            requirePresent(at, "status", step.getValue().status());
            step.getValue().actions().forEach((name, action) ->
                    requirePresent(at + "/actions/" + escape(name), "status", action.status()));
            step.getValue().rollbackActions().forEach((name, action) ->
                    requirePresent(at + "/rollbackActions/" + escape(name), "status", action.status()));
        }
    }

    private void requirePresent(String pointer, String field, Object value) {
        if (value == null || value.toString().isBlank()) {
            throw corrupt(pointer, pointer.substring(1).replace('/', '.') + " has no " + field);
        }
    }

    private String sha256(JsonNode state) {
        try {
            return Json.sha256(Json.mapper().writeValueAsBytes(state));
        } catch (JsonProcessingException e) {
            throw corruptAt(null, e.getOriginalMessage());
        }
    }

    private FerryException corrupt(String pointer, String what) {
        return corruptAt(locate(pointer), what);
    }

    private FerryException corruptAt(JsonLocation at, String what) {
        return located(at, "corrupt state: " + what + ". ferry never resets state: " + recovery);
    }

    private FerryException problem(String pointer, String what) {
        return located(locate(pointer), what);
    }

    private FerryException located(JsonLocation at, String message) {
        int line = at == null ? 1 : Math.max(1, at.getLineNr());
        int column = at == null ? 1 : Math.max(1, at.getColumnNr());
        return new FerryException(ErrorCode.INVALID_INPUT, location + ":" + line + ":" + column + ": " + message);
    }

    /** Where the value at {@code pointer} starts; null (reported as 1:1) when it is not there. */
    private JsonLocation locate(String pointer) {
        try (JsonParser parser = Json.mapper().getFactory().createParser(bytes)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                JsonStreamContext context = token.isStructStart() ? parser.getParsingContext().getParent()
                        : parser.getParsingContext();
                boolean value = token.isScalarValue() || token.isStructStart();
                if (value && context.pathAsPointer().toString().equals(pointer)) {
                    return parser.currentTokenLocation();
                }
            }
        } catch (IOException unreadable) {
            // the caller already knows the file is bad; 1:1 is as close as it gets
        }
        return null;
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return node.isArray() ? "a list" : "a " + node.getNodeType().name().toLowerCase();
    }
}
