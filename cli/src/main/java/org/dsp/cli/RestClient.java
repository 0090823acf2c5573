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
    private final String authorization;
    private final javax.net.ssl.SSLContext tls;
    private final HttpClient http;

    RestClient(String base) {
        this(base, null, null);
    }

    /**
     * A client that sends {@code authorization} (an Authorization header value, or null) with every
     * request and, over HTTPS, trusts the certificates {@code tls} trusts (null: the JDK's CAs).
     */
    RestClient(String base, String authorization, javax.net.ssl.SSLContext tls) {
        this.base = root(base);
        this.authorization = authorization;
        this.tls = tls;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (tls != null) {
            b.sslContext(tls);
        }
        this.http = b.build();
    }

    /** A client for the same node that authenticates with {@code authorization} instead. */
    RestClient as(String authorization) {
        return new RestClient(base.toString(), authorization, tls);
    }

    /** A TLS context trusting the PEM certificates in {@code caFile} (a node's self-signed certificate or its CA). */
    static javax.net.ssl.SSLContext trusting(java.nio.file.Path caFile) throws Exception {
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        int i = 0;
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(caFile)) {
            for (java.security.cert.Certificate c : java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca-" + i++, c);
            }
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
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
        return send(method, path, body, java.util.Map.of());
    }

    /** Sends a request with extra {@code headers} (e.g. If-Match). */
    Reply send(String method, String path, String body, java.util.Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        headers.forEach(b::header);
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body());
    }

    URI base() {
        return base;
    }
}
