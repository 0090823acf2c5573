package org.dsp.app.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.dsp.app.impl.DspManager;
import org.dsp.app.impl.RecordingFlowRules;
import org.dsp.app.impl.TestManagers;
import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * The REST API under random damage to a valid document (a field removed, its value replaced by
 * one of another type, a huge or negative number, a deep or long value, text in place of a
 * number, a second copy of the document appended), bounded to 300 tries: every answer is 200, 400
 * or 409, never a 500; a refused PUT leaves the stored document exactly as it was.
 */
class RestFuzzProperties {
    private static final ObjectMapper M = new ObjectMapper();
    private static DspManager manager;
    private static com.sun.net.httpserver.HttpServer server;
    private static String base;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeContainer
    static void start() throws Exception {
        manager = TestManagers.active(new RecordingFlowRules());
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        base = "http://127.0.0.1:" + port + DspWebApplication.BASE_PATH;
        server = JdkHttpServerFactory.createHttpServer(URI.create(base + "/"), new ResourceConfig()
                .register(new TenantsResource(manager)).register(new ErrorMapper()).register(new BodyLimit(1 << 20))
                .register(new TestCallers(manager.identities())).register(org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature.class));
        HttpResponse<String> r = put(RestApiTest.example());
        assertEquals(200, r.statusCode(), r.body());
    }

    @AfterContainer
    static void stop() {
        server.stop(0);
        TestManagers.stop(manager);
    }

    private static HttpResponse<String> put(String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/tenants/acme")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String stored() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/tenants/acme")).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }

    /** Every object and array node of the tree, with its parent and key/index. */
    private static void nodes(JsonNode n, List<Object[]> out) {
        if (n.isObject()) {
            for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
                String k = it.next();
                out.add(new Object[] {n, k});
                nodes(n.get(k), out);
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                out.add(new Object[] {n, i});
                nodes(n.get(i), out);
            }
        }
    }

    private static JsonNode junk(Random rnd) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (rnd.nextInt(9)) {
            case 0:
                return f.nullNode();
            case 1:
                return f.numberNode(new java.math.BigInteger("18446744073709551617").add(java.math.BigInteger.valueOf(rnd.nextInt(100))));
            case 2:
                return f.numberNode(-rnd.nextInt(1000));
            case 3:
                return f.textNode("x".repeat(rnd.nextInt(3) == 0 ? 100_000 : 3));
            case 4:
                return f.booleanNode(rnd.nextBoolean());
            case 5:
                return f.objectNode().put("unexpected", 1);
            case 6:
                return f.arrayNode().add(f.arrayNode().add(f.arrayNode()));
            case 7:
                return f.numberNode(rnd.nextDouble() * 1e300);
            default:
                return f.textNode(new String(new char[] {(char) rnd.nextInt(0x3000)}));
        }
    }

    @Property(tries = 300)
    void damagedDocumentsAreAnswered4xxAndChangeNothing(@ForAll long seed) throws Exception {
        Random rnd = new Random(seed);
        ObjectNode doc = (ObjectNode) M.readTree(RestApiTest.example());
        List<Object[]> places = new ArrayList<>();
        nodes(doc, places);
        int damage = 1 + rnd.nextInt(3);
        for (int i = 0; i < damage; i++) {
            Object[] at = places.get(rnd.nextInt(places.size()));
            if (at[1] instanceof String) {
                ObjectNode parent = (ObjectNode) at[0];
                if (rnd.nextBoolean()) {
                    parent.remove((String) at[1]);
                } else {
                    parent.set((String) at[1], junk(rnd));
                }
            } else {
                ArrayNode parent = (ArrayNode) at[0];
                int index = (Integer) at[1];
                if (index < parent.size()) {
                    parent.set(index, junk(rnd));
                }
            }
        }
        String body = doc.toString();
        if (rnd.nextInt(10) == 0) {
            body = body + body; // content after the document
        }
        String before = stored();
        HttpResponse<String> r = put(body);
        String why = "";
        if (r.statusCode() == 500) { // the same request without HTTP, to show what failed (tests log nothing)
            try {
                manager.apply(manager.parse(body));
            } catch (RuntimeException e) {
                java.io.StringWriter w = new java.io.StringWriter();
                e.printStackTrace(new java.io.PrintWriter(w));
                why = w.toString();
            }
        }
        assertTrue(Set.of(200, 400, 409, 413).contains(r.statusCode()), r.statusCode() + " " + r.body() + why);
        if (r.statusCode() != 200) {
            assertEquals(before, stored(), "a refused document changed nothing");
        } else {
            assertEquals(200, put(RestApiTest.example()).statusCode(), "back to the example for the next try");
        }
    }
}
