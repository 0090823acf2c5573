package org.dsp.node;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Serves the web console ({@code gui/www} of the source tree, packed into this bundle under
 * {@code gui/}) at {@code /gui/}: static files only, read from the class path, by plain names
 * (no directories, no dots but the extension's), GET and HEAD. The files hold no data: the console
 * logs in and reads everything through the REST API with the user's token, so they are served
 * without authentication ({@code /gui} is sent on to {@code /gui/}). Every response forbids framing and other origins' scripts
 * (Content-Security-Policy) and is not cached (a new node version serves new files).
 */
final class GuiFiles implements HttpHandler {
    /** Where the console is served. */
    static final String PATH = "/gui/";
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml");
    private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getRequestBody().close();
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            ex.getResponseHeaders().set("Cache-Control", "no-cache");
            ex.getResponseHeaders().set("Content-Security-Policy", CSP);
            ex.getResponseHeaders().set("X-Frame-Options", "DENY");
            ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
            if (path.equals("/gui")) {
                ex.getResponseHeaders().set("Location", PATH);
                ex.sendResponseHeaders(301, -1);
                return;
            }
            String name = path.startsWith(PATH) ? path.substring(PATH.length()) : "/";
            if (name.isEmpty()) {
                name = "index.html";
            }
            int dot = name.lastIndexOf('.');
            String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1));
            byte[] body = null;
            if (type != null && name.matches("[a-z0-9-]{1,40}\\.[a-z]{2,4}")) {
                try (InputStream in = GuiFiles.class.getResourceAsStream("/gui/" + name)) {
                    body = in == null ? null : in.readAllBytes();
                }
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                ex.sendResponseHeaders(405, -1);
                return;
            }
            if (body == null) {
                byte[] nf = "not found\n".getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                ex.sendResponseHeaders(404, method.equals("HEAD") ? -1 : nf.length);
                if (!method.equals("HEAD")) {
                    ex.getResponseBody().write(nf);
                }
                return;
            }
            ex.getResponseHeaders().set("Content-Type", type);
            ex.sendResponseHeaders(200, method.equals("HEAD") ? -1 : body.length);
            if (!method.equals("HEAD")) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(body);
                }
            }
        }
    }
}
