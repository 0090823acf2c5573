package org.dsp.app.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A short summary of what a new tenant document changes, for the audit log: per list, the items
 * added ({@code +name}), removed ({@code -name}) and changed ({@code ~name}), items named by their
 * {@code name} or {@code id} field (or their position); objects and changed items are descended
 * into (three levels), so a changed rule reads {@code firewall.tiers[tenant].rules: ~db-in}; any
 * other changed value is {@code path: ~}. At most {@value #MAX} characters.
 */
final class DocumentDiff {
    static final int MAX = 600;

    private DocumentDiff() {
    }

    /** Summarizes {@code before} (null: a new tenant) to {@code after} (null: deleted). */
    static String summary(JsonNode before, JsonNode after) {
        if (before == null && after == null) {
            return "";
        }
        if (after == null) {
            return "deleted";
        }
        List<String> parts = new ArrayList<>();
        object("", before, after, 0, parts);
        String text = (before == null ? "new tenant; " : "") + (parts.isEmpty() ? "no change" : String.join("; ", parts));
        return text.length() <= MAX ? text : text.substring(0, MAX - 3) + "...";
    }

    /** The changes between two objects at {@code path}: lists of named items by name, objects descended into. */
    private static void object(String path, JsonNode a, JsonNode b, int depth, List<String> parts) {
        TreeSet<String> fields = new TreeSet<>();
        if (a != null) {
            a.fieldNames().forEachRemaining(fields::add);
        }
        if (b != null) {
            b.fieldNames().forEachRemaining(fields::add);
        }
        if (depth == 0) {
            fields.remove("version");
        }
        for (String f : fields) {
            JsonNode x = a == null ? null : a.get(f);
            JsonNode y = b == null ? null : b.get(f);
            if (x != null && x.equals(y)) {
                continue;
            }
            String at = path.isEmpty() ? f : path + "." + f;
            if ((x == null || x.isArray()) && (y == null || y.isArray()) && depth < 3) {
                items(at, x, y, depth, parts);
            } else if (x != null && y != null && x.isObject() && y.isObject() && depth < 3) {
                object(at, x, y, depth + 1, parts);
            } else {
                parts.add(at + ": ~");
            }
        }
    }

    /** Items added and removed by name; a changed item is described inside when it holds named lists, else {@code ~name}. */
    private static void items(String path, JsonNode before, JsonNode after, int depth, List<String> parts) {
        Map<String, JsonNode> a = byName(before);
        Map<String, JsonNode> b = byName(after);
        List<String> out = new ArrayList<>();
        List<String> inner = new ArrayList<>();
        b.forEach((k, v) -> {
            if (!a.containsKey(k)) {
                out.add("+" + k);
            } else if (!a.get(k).equals(v)) {
                List<String> nested = new ArrayList<>();
                if (v.isObject() && a.get(k).isObject()) {
                    object(path + "[" + k + "]", a.get(k), v, depth + 1, nested);
                }
                if (nested.isEmpty() || nested.stream().allMatch(n -> n.endsWith(": ~"))) {
                    out.add("~" + k);
                } else {
                    inner.addAll(nested);
                }
            }
        });
        a.keySet().forEach(k -> {
            if (!b.containsKey(k)) {
                out.add("-" + k);
            }
        });
        if (!out.isEmpty()) {
            parts.add(path + ": " + String.join(" ", out));
        }
        parts.addAll(inner);
    }

    private static Map<String, JsonNode> byName(JsonNode list) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        if (list == null) {
            return m;
        }
        int i = 0;
        for (Iterator<JsonNode> it = list.elements(); it.hasNext(); i++) {
            JsonNode n = it.next();
            String key = n.hasNonNull("name") ? n.get("name").asText() : n.hasNonNull("id") ? n.get("id").asText() : "#" + i;
            m.put(key, n);
        }
        return m;
    }
}
