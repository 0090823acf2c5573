package org.dsp.node.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of the monitored tables of one ovsdb-server, as its monitor reply and update
 * notifications give them (RFC 7047 section 4.1.6), with the datum decoding DSP needs: atoms, sets
 * ({@code ["set", [...]]}), maps ({@code ["map", [[k, v], ...]]}) and uuids ({@code ["uuid", id]}).
 * Not thread-safe: one connection's thread applies updates and reads.
 */
public final class OvsdbTables {
    private final Map<String, Map<String, JsonNode>> tables = new HashMap<>();

    /** Applies a {@code <table-updates>} object (initial contents or a change). */
    public void apply(JsonNode updates) {
        if (updates == null || !updates.isObject()) {
            return;
        }
        updates.fields().forEachRemaining(t -> {
            Map<String, JsonNode> rows = tables.computeIfAbsent(t.getKey(), k -> new LinkedHashMap<>());
            t.getValue().fields().forEachRemaining(r -> {
                JsonNode now = r.getValue().get("new");
                if (now == null) {
                    rows.remove(r.getKey());
                } else {
                    rows.put(r.getKey(), now);
                }
            });
        });
    }

    /** Returns the rows of {@code table} by uuid. */
    public Map<String, JsonNode> rows(String table) {
        return tables.getOrDefault(table, Map.of());
    }

    /** Returns a row by uuid, or null. */
    public JsonNode row(String table, String uuid) {
        return uuid == null ? null : rows(table).get(uuid);
    }

    /** A column holding a string atom (or a set of at most one string): its value, or null. */
    public static String string(JsonNode row, String column) {
        JsonNode a = atom(row, column);
        return a != null && a.isTextual() ? a.asText() : null;
    }

    /** A column holding an integer atom (or a set of at most one integer): its value, or null. */
    public static Long integer(JsonNode row, String column) {
        JsonNode a = atom(row, column);
        return a != null && a.isIntegralNumber() ? a.asLong() : null;
    }

    /** A column holding a set of uuids (or one uuid): the uuids. */
    public static List<String> uuids(JsonNode row, String column) {
        List<String> out = new ArrayList<>();
        for (JsonNode a : elements(row == null ? null : row.get(column))) {
            if (tagged(a, "uuid")) {
                out.add(a.get(1).asText());
            }
        }
        return out;
    }

    /** A column holding a map of strings: its entries. */
    public static Map<String, String> map(JsonNode row, String column) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode v = row == null ? null : row.get(column);
        if (tagged(v, "map")) {
            for (JsonNode pair : v.get(1)) {
                out.put(pair.get(0).asText(), pair.get(1).asText());
            }
        }
        return out;
    }

    /** The one atom of a column holding an atom or a set of one, else null. */
    private static JsonNode atom(JsonNode row, String column) {
        List<JsonNode> e = elements(row == null ? null : row.get(column));
        return e.size() == 1 ? e.get(0) : null;
    }

    /** A datum's elements: a set's members, an atom alone (a uuid is an atom), nothing for a map or no value. */
    private static List<JsonNode> elements(JsonNode v) {
        List<JsonNode> out = new ArrayList<>();
        if (v == null || tagged(v, "map")) {
            return out;
        }
        if (tagged(v, "set")) {
            v.get(1).forEach(out::add);
        } else {
            out.add(v);
        }
        return out;
    }

    /** Whether {@code v} is the two-element array {@code [tag, value]} of RFC 7047's datum notation. */
    private static boolean tagged(JsonNode v, String tag) {
        return v != null && v.isArray() && v.size() == 2 && tag.equals(v.get(0).asText());
    }
}
