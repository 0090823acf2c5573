package org.dsp.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small client of the node's REST API (JSON over HTTP, loopback by default). */
final class RestClient {
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    RestClient(String base) {
        this.base = root(base);
    }

    /** The API root for a --node value: a bare host:port (no path) means DSP's default root there. */
    static URI root(String node) {
        URI u = URI.create(node);
        String path = u.getPath() == null || u.getPath().isEmpty() || u.getPath().equals("/") ? DEFAULT_PATH : u.getPath();
        return u.resolve(path.endsWith("/") ? path : path + "/");
    }

    /** Where DSP's REST API lives on a node or an ONOS controller. */
    static final String DEFAULT_PATH = "/onos/dsp/v1/";

    /** A response: status code and body. */
    record Reply(int status, String body) {
    }

    Reply send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body());
    }

    URI base() {
        return base;
    }
}
