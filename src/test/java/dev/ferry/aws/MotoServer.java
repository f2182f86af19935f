package dev.ferry.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** A {@code moto_server} subprocess on a free port: an independent AWS emulator to check request shapes against. */
final class MotoServer implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final URI endpoint;
    private final Path output;
    private final Path recording;

    private MotoServer(Process process, URI endpoint, Path output, Path recording) {
        this.process = process;
        this.endpoint = endpoint;
        this.output = output;
        this.recording = recording;
    }

    /** A request as moto received it: the API operation and the raw body (JSON or form-encoded). */
    record RecordedRequest(String operation, String body) {
    }

    static MotoServer start() throws IOException, InterruptedException {
        Path executable = onPath("moto_server").orElseThrow(() -> new AssertionError(
                "moto_server not found: pip install 'moto[server]'"));
        int port = freePort();
        Path output = Files.createTempFile("moto-", ".log");
        Path recording = Files.createTempFile("moto-", ".jsonl");
        ProcessBuilder builder = new ProcessBuilder(executable.toString(), "-p", String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(output.toFile());
        // moto's recorder writes every request it receives: what the adapter really sent, on the wire
        builder.environment().put("MOTO_ENABLE_RECORDING", "True");
        builder.environment().put("MOTO_RECORDER_FILEPATH", recording.toString());
        MotoServer server = new MotoServer(builder.start(), URI.create("http://127.0.0.1:" + port), output, recording);
        server.awaitReady(Duration.ofSeconds(30));
        return server;
    }

    URI endpoint() {
        return endpoint;
    }

    /** Forgets every resource, so each test starts from an empty account. */
    void reset() throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("moto reset answered " + response.statusCode());
        }
        Files.write(recording, new byte[0]);
    }

    /** Every request since the last reset, in order. */
    List<RecordedRequest> recorded() throws IOException {
        List<RecordedRequest> requests = new ArrayList<>();
        for (String line : Files.readAllLines(recording)) {
            if (!line.isBlank()) {
                requests.add(parse(JSON.readTree(line)));
            }
        }
        return requests;
    }

    List<RecordedRequest> recorded(String operation) throws IOException {
        return recorded().stream().filter(r -> r.operation().equals(operation)).toList();
    }

    private static RecordedRequest parse(JsonNode entry) {
        String body = entry.path("body").asText("");
        if (entry.path("body_encoded").asBoolean(false)) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        String target = entry.path("headers").path("X-Amz-Target").asText("");
        String operation = target.isEmpty() ? formAction(body) : target.substring(target.lastIndexOf('.') + 1);
        return new RecordedRequest(operation, body);
    }

    private static String formAction(String body) {
        for (String pair : body.split("&")) {
            if (pair.startsWith("Action=")) {
                return URLDecoder.decode(pair.substring("Action=".length()), StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    private void awaitReady(Duration limit) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited: " + Files.readString(output));
            }
            try {
                HTTP.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/")).build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        close();
        throw new IllegalStateException("moto_server did not answer within " + limit);
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Arrays.stream(path.split(File.pathSeparator)).map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable).findFirst();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            Files.deleteIfExists(output);
            Files.deleteIfExists(recording);
        } catch (InterruptedException | IOException e) {
            Thread.currentThread().interrupt();
        }
    }
}
