package org.dsp.node;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.dsp.app.api.AuditEntry;
import org.dsp.app.api.AuditLog;
import org.dsp.app.api.Identity;
import org.dsp.app.api.IdentityService;
import org.dsp.app.rest.Caller;

/**
 * The node's REST authentication, in front of every context of its HTTP server: a request carries
 * {@code Authorization: Bearer <token>} (from {@code POST /auth/login}) or {@code Basic} (user and
 * password); anything else gets 401 before Jersey sees it. The authenticated {@link Caller} (with
 * the client's address) is handed to Jersey on the request's thread ({@link NodeCallerFilter}).
 * Refused credentials are audited ({@code login}, refused), at most {@value #AUDITS_PER_SECOND}
 * per second (the rest counted into the next entry), so a flood cannot fill the disk.
 */
final class RestGate extends Filter {
    static final int AUDITS_PER_SECOND = 10;
    /** The caller of the request this thread serves, and how it authenticated. */
    static final ThreadLocal<Caller> CALLER = new ThreadLocal<>();
    static final ThreadLocal<String> SCHEME = new ThreadLocal<>();

    private final Credentials credentials;
    private final IdentityService identities;
    private final AuditLog audit;
    private long window;
    private int inWindow;
    private int suppressed;

    RestGate(Credentials credentials, IdentityService identities, AuditLog audit) {
        this.credentials = credentials;
        this.identities = identities;
        this.audit = audit;
    }

    /** What an Authorization header says: its scheme (null: none DSP takes), the user it proves (null: none), the user it claims. */
    private static final class Presented {
        String scheme;
        String user;
        String claimed = "-";
    }

    /** Reads an Authorization header: a Bearer token's user, or a Basic user whose password verifies. */
    private Presented presented(String auth) {
        Presented p = new Presented();
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            p.scheme = "Bearer";
            p.user = credentials.user(auth.substring(7).trim());
        } else if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            p.scheme = "Basic";
            String pair;
            try {
                pair = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException bad) {
                pair = "";
            }
            int colon = pair.indexOf(':');
            if (colon > 0) {
                String name = pair.substring(0, colon);
                // recorded as the refused login's actor only when it is a possible user name (no spoofed 'node', no escapes)
                p.claimed = name.matches(org.dsp.app.api.Identity.NAME_PATTERN) && !name.equals("node") ? name : "?";
                p.user = credentials.verify(name, pair.substring(colon + 1)) ? name : null;
            }
        }
        return p;
    }

    /**
     * Returns whom an Authorization header stands for now (a valid token's user, or a user and
     * password that verify) with the user's current roles, or null; nothing is audited (the long
     * requests that check again while they run - the live status stream - use it).
     */
    Identity current(String auth) {
        String user = presented(auth).user;
        return user == null ? null : identities.identity(user);
    }

    @Override
    public String description() {
        return "DSP authentication (Bearer token or Basic)";
    }

    @Override
    public void doFilter(HttpExchange ex, Chain chain) throws IOException {
        String peer = ex.getRemoteAddress().getAddress().getHostAddress();
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        Presented p = presented(auth);
        Identity identity = p.user == null ? null : identities.identity(p.user);
        if (identity == null) {
            if (auth != null) {
                refused(p.claimed, peer, p.scheme == null ? "unknown scheme" : p.scheme);
            }
            ex.getRequestBody().close();
            byte[] body = ("{\"error\": \"authentication required: " + (auth == null ? "no credentials"
                    : "bad or expired credentials") + " (Authorization: Bearer TOKEN from POST auth/login, or Basic)\"}\n")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"dsp\"");
            if (!"Bearer".equals(p.scheme)) {
                // a caller that presented a token (the console's calls) is not asked for a password: a browser would
                // answer a Basic challenge to its script's call with a login prompt of its own, or with credentials it
                // cached for the page, instead of letting the page show its login form
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"dsp\", charset=\"UTF-8\"");
            }
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(401, body.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
            return;
        }
        CALLER.set(new Caller(identity, peer));
        SCHEME.set(p.scheme);
        try {
            chain.doFilter(ex);
        } finally {
            CALLER.remove();
            SCHEME.remove();
        }
    }

    private void refused(String claimed, String peer, String scheme) {
        int dropped;
        synchronized (this) {
            long second = System.currentTimeMillis() / 1000;
            if (second != window) {
                window = second;
                inWindow = 0;
            }
            if (++inWindow > AUDITS_PER_SECOND) {
                suppressed++;
                return;
            }
            dropped = suppressed;
            suppressed = 0;
        }
        audit.record(AuditEntry.of(claimed, peer, "login", null, 0, scheme + " credentials refused"
                + (dropped > 0 ? " (+" + dropped + " more refusals not recorded one by one)" : ""), "refused: bad credentials"));
    }
}
