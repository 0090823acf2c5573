package org.dsp.app.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The web console's files (the top-level {@code gui/www}, packed into this bundle under
 * {@code gui/}): looked up by plain name only - lower-case letters, digits and dashes, one
 * extension among html, js, css and svg, no folders - in this bundle alone. The node serves them at
 * {@code /gui/}, ONOS's web container at {@code /onos/dsp/v1/gui/} ({@link GuiResource}); both send
 * {@link #HEADERS} with them.
 */
public final class ConsoleFiles {
    /** The content types served, by extension. */
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml");
    /** The headers of every response: no other origin, no framing, no sniffing, no referrer, no caching. */
    public static final Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                    + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
            "X-Frame-Options", "DENY", "X-Content-Type-Options", "nosniff", "Referrer-Policy", "no-referrer",
            "Cache-Control", "no-cache");

    private ConsoleFiles() {
    }

    /** Returns the content type of a servable name, or null when the name is not one. */
    public static String type(String name) {
        if (name == null || !name.matches("[a-z0-9-]{1,40}\\.[a-z]{2,4}")) {
            return null;
        }
        return TYPES.get(name.substring(name.lastIndexOf('.') + 1));
    }

    /** Returns the file's bytes, or null when there is no such servable file. */
    public static byte[] read(String name) {
        if (type(name) == null) {
            return null;
        }
        // this class's loader: in OSGi the bundle alone (its own resources first), so no other jar's gui/ is reached
        try (InputStream in = ConsoleFiles.class.getClassLoader().getResourceAsStream("gui/" + name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
