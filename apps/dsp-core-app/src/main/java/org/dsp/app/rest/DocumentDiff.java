package org.dsp.app.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A short summary of what a new tenant document changes, for the audit log: per top-level
 * section, the items added ({@code +name}), removed ({@code -name}) and changed ({@code ~name}),
 * items named by their {@code name} or {@code id} field (or their position); a section that is
 * not a list is {@code ~section} when it changed. At most {@value #MAX} characters.
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
        TreeSet<String> sections = new TreeSet<>();
        after.fieldNames().forEachRemaining(sections::add);
        if (before != null) {
            before.fieldNames().forEachRemaining(sections::add);
        }
        sections.remove("version");
        for (String s : sections) {
            JsonNode a = before == null ? null : before.get(s);
            JsonNode b = after.get(s);
            if (a != null && a.equals(b)) {
                continue;
            }
            String changes = (a == null || a.isArray()) && (b == null || b.isArray()) ? items(a, b) : "~";
            if (!changes.isEmpty()) {
                parts.add(s + ": " + changes);
            }
        }
        String text = (before == null ? "new tenant; " : "") + (parts.isEmpty() ? "no change" : String.join("; ", parts));
        return text.length() <= MAX ? text : text.substring(0, MAX - 3) + "...";
    }

    private static String items(JsonNode before, JsonNode after) {
        Map<String, JsonNode> a = byName(before);
        Map<String, JsonNode> b = byName(after);
        List<String> out = new ArrayList<>();
        b.forEach((k, v) -> {
            if (!a.containsKey(k)) {
                out.add("+" + k);
            } else if (!a.get(k).equals(v)) {
                out.add("~" + k);
            }
        });
        a.keySet().forEach(k -> {
            if (!b.containsKey(k)) {
                out.add("-" + k);
            }
        });
        return String.join(" ", out);
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
