package dev.ferry.sandbox.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** AWS JSON 1.1: {@code X-Amz-Target: Prefix.Operation}, a JSON body, errors as {@code {"__type", "message"}}. */
final class JsonProtocol implements Protocol {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(JsonProtocol.class);

    /** The operations of one JSON service. */
    interface Operations {
        JsonNode call(String operation, JsonNode input);
    }

    private final String signingName;
    private final Faults faults;
    private final Operations operations;

    JsonProtocol(String signingName, Faults faults, Operations operations) {
        this.signingName = signingName;
        this.faults = faults;
        this.operations = operations;
    }

    @Override
    public String signingName() {
        return signingName;
    }

    @Override
    public Reply serve(HttpCall call) {
        String target = call.header("x-amz-target");
        String operation = target == null ? "" : target.substring(target.indexOf('.') + 1);
        try {
            Faults.Kind fault = faults.onCall(signingName, operation);
            if (fault != null) {
                throw ErrorReplies.injected(faults, fault, "ThrottlingException", signingName, operation);
            }
            JsonNode input = call.body().length == 0 ? MAPPER.createObjectNode() : MAPPER.readTree(call.body());
            JsonNode output = operations.call(operation, input);
            return Reply.json(200, MAPPER.writeValueAsString(output == null ? MAPPER.createObjectNode() : output));
        } catch (AwsException e) {
            return error(e);
        } catch (IOException e) {
            return error(AwsException.badRequest("SerializationException", e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("{} {} failed", signingName, operation, e);
            return error(ErrorReplies.internal(e));
        }
    }

    private static Reply error(AwsException e) {
        ObjectNode body = MAPPER.createObjectNode().put("__type", e.code()).put("message", e.getMessage());
        return Reply.json(e.status(), body.toString());
    }

    static AwsException unknownOperation(String operation) {
        return AwsException.badRequest("UnknownOperationException", "Unknown operation " + operation);
    }
}
