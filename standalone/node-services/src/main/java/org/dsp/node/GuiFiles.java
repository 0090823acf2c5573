package org.dsp.node;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Serves the web console at {@code /gui/}: the files {@link org.dsp.app.rest.ConsoleFiles} finds
 * (the core app's bundle holds them), by plain names (no directories, no dots but the
 * extension's), GET and HEAD. The files hold no data: the console
 * logs in and reads everything through the REST API with the user's token, so they are served
 * without authentication ({@code /gui} is sent on to {@code /gui/}). Every response forbids framing and other origins' scripts
 * (Content-Security-Policy) and is not cached (a new node version serves new files).
 */
final class GuiFiles implements HttpHandler {
    /** Where the console is served. */
    static final String PATH = "/gui/";

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getRequestBody().close();
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            org.dsp.app.rest.ConsoleFiles.HEADERS.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            if (path.equals("/gui")) {
                ex.getResponseHeaders().set("Location", PATH);
                ex.sendResponseHeaders(301, -1);
                return;
            }
            String name = !path.startsWith(PATH) ? "/" : path.length() == PATH.length() ? "index.html" : path.substring(PATH.length());
            if (!method.equals("GET") && !method.equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                ex.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = org.dsp.app.rest.ConsoleFiles.read(name);
            if (body == null) {
                byte[] nf = "not found\n".getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
                ex.sendResponseHeaders(404, method.equals("HEAD") ? -1 : nf.length);
                if (!method.equals("HEAD")) {
                    ex.getResponseBody().write(nf);
                }
                return;
            }
            ex.getResponseHeaders().set("Content-Type", org.dsp.app.rest.ConsoleFiles.type(name));
            ex.sendResponseHeaders(200, method.equals("HEAD") ? -1 : body.length);
            if (!method.equals("HEAD")) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(body);
                }
            }
        }
    }
}
