package dev.ferry.sandbox.aws;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One HTTP response to write back, with any headers beyond the content type (S3 answers in headers: ETag, ...). */
record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {

    Reply {
        headers = Map.copyOf(headers);
    }

    Reply(int status, String contentType, byte[] body) {
        this(status, contentType, body, Map.of());
    }

    static Reply xml(int status, String body) {
        return new Reply(status, "text/xml", body.getBytes(StandardCharsets.UTF_8));
    }

    static Reply json(int status, String body) {
        return new Reply(status, "application/x-amz-json-1.1", body.getBytes(StandardCharsets.UTF_8));
    }
}
