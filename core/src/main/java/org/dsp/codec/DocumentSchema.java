package org.dsp.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import org.dsp.spi.SectionCodec;
import org.dsp.spi.ServiceApp;
import org.dsp.spi.Services;

/**
 * Assembles the JSON Schema (2020-12) of the whole tenant document: the core schema
 * ({@code tenant.schema.json}) with each active service's sections put in place (top-level
 * sections under {@code properties}, {@code tenant.<field>} sections under the tenant object).
 * A section's own {@code $defs} move to the root as {@code <key>.<name>} and its local references
 * are rewritten to match, so the result is one self-contained schema.
 */
final class DocumentSchema {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectNode CORE = load();
    private static final String DEFS = "#/$defs/";

    private DocumentSchema() {
    }

    private static ObjectNode load() {
        try (InputStream in = DocumentSchema.class.getResourceAsStream("tenant.schema.json")) {
            return (ObjectNode) MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns the schema of documents holding the sections of {@code services}. */
    static ObjectNode assemble(Services services) {
        ObjectNode root = CORE.deepCopy();
        ObjectNode props = (ObjectNode) root.get("properties");
        ObjectNode tenantProps = (ObjectNode) props.get("tenant").get("properties");
        ObjectNode defs = (ObjectNode) root.get("$defs");
        for (ServiceApp app : services.apps()) {
            for (SectionCodec<?> c : app.sections()) {
                ObjectNode section = section(app, c, defs);
                if (c.key().startsWith("tenant.")) {
                    tenantProps.set(c.key().substring("tenant.".length()), section);
                } else {
                    props.set(c.key(), section);
                }
            }
        }
        return root;
    }

    private static ObjectNode section(ServiceApp app, SectionCodec<?> c, ObjectNode rootDefs) {
        JsonNode parsed;
        try {
            parsed = MAPPER.readTree(c.schema());
        } catch (IOException e) {
            throw new IllegalArgumentException("service " + app.name() + ": the schema of section " + c.key()
                    + " is not JSON: " + e.getMessage(), e);
        }
        if (!parsed.isObject()) {
            throw new IllegalArgumentException("service " + app.name() + ": the schema of section " + c.key() + " is not an object");
        }
        ObjectNode s = (ObjectNode) parsed;
        s.remove("$schema");
        JsonNode own = s.remove("$defs");
        String prefix = c.key() + ".";
        ObjectNode out;
        try {
            if (own != null) {
                for (Iterator<Map.Entry<String, JsonNode>> it = own.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> d = it.next();
                    rootDefs.set(prefix + d.getKey(), relocate(d.getValue(), prefix));
                }
            }
            out = (ObjectNode) relocate(s, prefix);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("service " + app.name() + ", section " + c.key() + ": " + e.getMessage(), e);
        }
        String comment = "section '" + c.key() + "' of service " + app.name() + " (app " + app.app() + ")";
        out.put("$comment", out.has("$comment") ? comment + ": " + out.get("$comment").asText() : comment);
        return out;
    }

    /** Rewrites the local references of a section's schema to its definitions' new names. */
    private static JsonNode relocate(JsonNode n, String prefix) {
        if (n.isObject()) {
            ObjectNode o = (ObjectNode) n;
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("$ref") && e.getValue().isTextual()) {
                    String ref = e.getValue().asText();
                    if (!ref.startsWith(DEFS)) {
                        throw new IllegalArgumentException("a section schema may refer only to its own $defs, not to " + ref);
                    }
                    e.setValue(o.textNode(DEFS + prefix + ref.substring(DEFS.length())));
                } else {
                    relocate(e.getValue(), prefix);
                }
            }
        } else if (n.isArray()) {
            n.forEach(x -> relocate(x, prefix));
        }
        return n;
    }
}
