package dev.ferry.step;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** An HTTPS GET from the operator's machine, as a user would make it. Replaceable for rehearsals and tests. */
@FunctionalInterface
public interface HttpProbe {

    /** Returns the HTTP status code of {@code GET uri}. */
    int get(URI uri, Duration timeout) throws IOException, InterruptedException;

    /**
     * A new client (so a new connection) per request on purpose: a kept-alive connection would go on reaching the old
     * server after a DNS cutover and hide what a new user sees.
     */
    static HttpProbe jdk() {
        return (uri, timeout) -> {
            HttpClient client = HttpClient.newBuilder().connectTimeout(timeout)
                    .followRedirects(HttpClient.Redirect.NEVER).build();
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        };
    }
}
