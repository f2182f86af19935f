package dev.ferry.sandbox.aws;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The {@code aws-chunked} body encoding recent SDKs use for S3 uploads, so they can send a checksum as a trailer
 * ({@code x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER}, {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]}):
 * {@code SIZE_HEX[;chunk-signature=SIG]\r\nDATA\r\n} repeated, a zero-size chunk, then trailer lines. Signatures and
 * trailing checksums are not verified (the sandbox verifies no signature); the decoded length is.
 */
final class AwsChunked {
    private AwsChunked() {
    }

    static boolean applies(HttpCall call) {
        String sha = call.header("x-amz-content-sha256");
        String encoding = call.header("content-encoding");
        return sha != null && sha.startsWith("STREAMING-") || encoding != null && encoding.contains("aws-chunked");
    }

    static byte[] decode(HttpCall call) {
        byte[] in = call.body();
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        int at = 0;
        while (true) {
            int lineEnd = indexOfCrlf(in, at);
            String header = new String(in, at, lineEnd - at, StandardCharsets.US_ASCII);
            int semicolon = header.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? header : header.substring(0, semicolon)).strip(), 16);
            at = lineEnd + 2;
            if (size == 0) {
                break;
            }
            out.write(in, at, size);
            at += size + 2;
        }
        String declared = call.header("x-amz-decoded-content-length");
        if (declared != null && Long.parseLong(declared) != out.size()) {
            throw AwsException.badRequest("IncompleteBody", "decoded " + out.size() + " bytes, the request declared "
                    + declared);
        }
        return out.toByteArray();
    }

    private static int indexOfCrlf(byte[] in, int from) {
        for (int i = from; i + 1 < in.length; i++) {
            if (in[i] == '\r' && in[i + 1] == '\n') {
                return i;
            }
        }
        throw AwsException.badRequest("IncompleteBody", "aws-chunked body ends inside a chunk header");
    }
}
