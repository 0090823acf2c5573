package org.dsp.node;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.dsp.app.api.TenantService;
import org.dsp.app.rest.Caller;
import org.dsp.app.rest.TenantList;

/**
 * {@code GET /onos/dsp/v1/events}: the realization state of the tenants the caller may read, live,
 * as server-sent events ({@code text/event-stream}): an {@code event: status} with the body of
 * {@code GET /tenants} at once and whenever it changes (looked at every {@link #POLL_MS} ms), a
 * comment line every {@link #KEEPALIVE_MS} ms (so a client that went away frees its stream soon).
 * Authenticated by the REST gate like every API path (a browser reads it with fetch and its
 * token), and checked again every {@link #RECHECK_MS} ms: a token revoked or expired, a password
 * changed or a role taken away ends the stream or narrows it at once. Bounded: at most
 * {@link #MAX_STREAMS} streams at once and {@link #PER_USER} per user (503 beyond, so the REST
 * threads stay free and one user cannot take them all); each closes after {@link #MAX_MILLIS} ms
 * (a client reconnects).
 */
final class StatusStream implements HttpHandler {
    /** Where it is served. */
    static final String PATH = org.dsp.app.rest.DspWebApplication.BASE_PATH + "/events";
    static final int MAX_STREAMS = 4;
    static final int PER_USER = 2;
    static final long POLL_MS = 300;
    static final long MAX_MILLIS = 10 * 60_000;
    static final long KEEPALIVE_MS = 5_000;
    static final long RECHECK_MS = 2_000;
    private final TenantService service;
    private final java.util.function.Function<String, org.dsp.app.api.Identity> current;
    /** Open streams by user, and in all (under the map's lock). */
    private final java.util.Map<String, Integer> perUser = new java.util.HashMap<>();
    private int open;
    /** Every tenant's entry as last computed, and when: one computation serves every open stream for {@value #POLL_MS} ms. */
    private java.util.Map<String, com.fasterxml.jackson.databind.node.ObjectNode> snapshot;
    private long snapshotAt;

    /** Streams {@code service}'s states; {@code current} says whom an Authorization header stands for now (or null). */
    StatusStream(TenantService service, java.util.function.Function<String, org.dsp.app.api.Identity> current) {
        this.service = service;
        this.current = current;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getRequestBody().close();
            Caller caller = RestGate.CALLER.get();
            if (!ex.getRequestMethod().equals("GET")) {
                ex.getResponseHeaders().set("Allow", "GET");
                ex.sendResponseHeaders(405, -1);
                return;
            }
            if (caller == null || !caller.identity().hasAnyRole()) {
                ex.sendResponseHeaders(403, -1);
                return;
            }
            String user = caller.identity().name();
            synchronized (perUser) {
                if (perUser.getOrDefault(user, 0) >= PER_USER || open >= MAX_STREAMS) {
                    ex.getResponseHeaders().set("Retry-After", "5");
                    ex.sendResponseHeaders(503, -1);
                    return;
                }
                perUser.merge(user, 1, Integer::sum);
                open++;
            }
            try {
                stream(ex, caller.identity(), ex.getRequestHeaders().getFirst("Authorization"));
            } finally {
                synchronized (perUser) {
                    perUser.computeIfPresent(user, (u, n) -> n > 1 ? n - 1 : null);
                    open--;
                }
            }
        }
    }

    /** Every tenant's entry, computed again when the last computation is {@value #POLL_MS} ms old. */
    private synchronized java.util.Map<String, com.fasterxml.jackson.databind.node.ObjectNode> snapshot() {
        long t = System.currentTimeMillis();
        if (snapshot == null || t - snapshotAt >= POLL_MS) {
            snapshot = TenantList.all(service);
            snapshotAt = t;
        }
        return snapshot;
    }

    private void stream(HttpExchange ex, org.dsp.app.api.Identity who, String auth) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        OutputStream os = ex.getResponseBody();
        long start = System.currentTimeMillis();
        long lastWrite = 0;
        long lastCheck = start;
        String last = null;
        try {
            while (System.currentTimeMillis() - start < MAX_MILLIS) {
                long t = System.currentTimeMillis();
                if (t - lastCheck >= RECHECK_MS) {
                    who = current.apply(auth); // revoked, expired, password changed, roles changed
                    lastCheck = t;
                    if (who == null || !who.hasAnyRole()) {
                        break;
                    }
                }
                String now = TenantList.of(snapshot(), who).toString();
                if (!now.equals(last)) {
                    os.write(("event: status\ndata: " + now + "\n\n").getBytes(StandardCharsets.UTF_8));
                    os.flush();
                    last = now;
                    lastWrite = t;
                } else if (t - lastWrite >= KEEPALIVE_MS) {
                    os.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                    os.flush();
                    lastWrite = t;
                }
                Thread.sleep(POLL_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException gone) {
            return; // the client went away
        }
        os.close();
    }
}
