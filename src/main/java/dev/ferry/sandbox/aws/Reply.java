package dev.ferry.sandbox.aws;

import java.nio.charset.StandardCharsets;

/** One HTTP response to write back. */
record Reply(int status, String contentType, byte[] body) {

    static Reply xml(int status, String body) {
        return new Reply(status, "text/xml", body.getBytes(StandardCharsets.UTF_8));
    }

    static Reply json(int status, String body) {
        return new Reply(status, "application/x-amz-json-1.1", body.getBytes(StandardCharsets.UTF_8));
    }
}
