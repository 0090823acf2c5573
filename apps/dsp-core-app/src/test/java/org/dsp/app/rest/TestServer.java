package org.dsp.app.rest;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/** The resource tests' server: a Jersey application on the JDK's HTTP server on a free loopback port, and a client for it. */
final class TestServer implements AutoCloseable {
    private final HttpServer server;
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestServer(HttpServer server, String base) {
        this.server = server;
        this.base = base;
    }

    /** Serves {@code rc} under DSP's REST root. */
    static TestServer start(ResourceConfig rc) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String base = "http://127.0.0.1:" + port + DspWebApplication.BASE_PATH;
        return new TestServer(JdkHttpServerFactory.createHttpServer(URI.create(base + "/"), rc), base);
    }

    /** Sends a JSON request as user {@code user} ({@link TestCallers}; null: the platform admin {@code test}). */
    HttpResponse<String> send(String user, String method, String path, String body) throws IOException, InterruptedException {
        return send(user == null ? null : "X-Test-User", user, method, path, body);
    }

    /** Sends a JSON request with header {@code header} (none when null) set to {@code value}. */
    HttpResponse<String> send(String header, String value, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json");
        if (header != null) {
            b.header(header, value);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
