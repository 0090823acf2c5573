package org.dsp.codec;

import com.fasterxml.jackson.core.JsonStreamContext;

/** JSON paths ({@code $.endpoints[2].mac}) of where a streaming parser stands, for errors found while parsing. */
final class JsonPaths {
    private JsonPaths() {
    }

    /** The path of the value {@code ctx} stands at: {@code $} at the root. */
    static String of(JsonStreamContext ctx) {
        if (ctx == null || ctx.inRoot()) {
            return "$";
        }
        if (ctx.inArray()) {
            return of(ctx.getParent()) + "[" + Math.max(0, ctx.getCurrentIndex()) + "]";
        }
        String name = ctx.getCurrentName();
        return name == null ? of(ctx.getParent()) : of(ctx.getParent()) + "." + name;
    }

    /** The path of key {@code key} of the object {@code object} (an object context) is reading. */
    static String of(JsonStreamContext object, String key) {
        return of(object == null ? null : object.getParent()) + "." + key;
    }
}
