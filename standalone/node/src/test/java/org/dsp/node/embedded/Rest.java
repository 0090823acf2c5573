package org.dsp.node.embedded;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The embedded node's REST API over real HTTP, for the node's integration tests. */
final class Rest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Rest() {
    }

    /** Sends {@code method path} (relative to the node's REST base) with a JSON body or none, waiting at most {@code seconds}. */
    static HttpResponse<String> call(DspNode node, String method, String path, String body, int seconds) throws Exception {
        return call(node, node.adminAuthorization(), method, path, body, seconds);
    }

    /** As {@link #call(DspNode, String, String, String, int)}, with Authorization {@code auth} (null: none). */
    static HttpResponse<String> call(DspNode node, String auth, String method, String path, String body, int seconds) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(node.restUri().resolve(path)).timeout(Duration.ofSeconds(seconds))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
