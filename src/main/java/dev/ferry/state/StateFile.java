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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads one {@code state.json} and checks it before anything acts on it: the envelope, the checksum, the shape of the
 * state and the values the engine relies on. Each problem names file:line:column and one way out; none is repaired.
 */
final class StateFile {
    private final Path file;
    private final byte[] bytes;

    private StateFile(Path file, byte[] bytes) {
        this.file = file;
        this.bytes = bytes;
    }

    static RunState read(Path file) {
        return new StateFile(file, bytes(file)).parse();
    }

    private static byte[] bytes(Path file) {
        if (Files.isDirectory(file)) {
            throw new FerryException(ErrorCode.INVALID_INPUT, "state " + file + " is a directory, not a state file;"
                    + " move it out of the way, then restore " + file.getFileName() + ".bak as " + file.getFileName());
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new FerryException(ErrorCode.INVALID_INPUT, "cannot read state " + file + ": " + e.getMessage()
                    + "; make it readable by this user", e);
        }
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
        Path backup = file.resolveSibling(file.getFileName() + ".bak");
        String next = Files.isRegularFile(backup)
                ? "ferry never resets state: restore " + backup.getFileName() + " (the previous version) over it,"
                        + " then run `ferry status` to check it"
                : "ferry never resets state: rebuild it from " + Journal.FILE + " by hand";
        return located(at, "corrupt state: " + what + ". " + next);
    }

    private FerryException problem(String pointer, String what) {
        return located(locate(pointer), what);
    }

    private FerryException located(JsonLocation at, String message) {
        int line = at == null ? 1 : Math.max(1, at.getLineNr());
        int column = at == null ? 1 : Math.max(1, at.getColumnNr());
        return new FerryException(ErrorCode.INVALID_INPUT, file + ":" + line + ":" + column + ": " + message);
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
