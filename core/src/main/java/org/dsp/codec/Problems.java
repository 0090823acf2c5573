package org.dsp.codec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Collects validation errors and offers typed field access that reports instead of throwing. */
public final class Problems {
    /** The naming rule of every named object: 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private final List<ValidationError> errors = new ArrayList<>();

    /** Whether {@code s} follows the naming rule ({@link #NAME}), checked without a regex matcher: documents hold thousands of names. */
    public static boolean isName(String s) {
        int n = s.length();
        if (n < 1 || n > 63 || !alphanumeric(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = s.charAt(i);
            if (!alphanumeric(c) && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean alphanumeric(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    /** Reports a problem at {@code path}. */
    public void add(String path, ErrorCode code, String reason) {
        errors.add(ValidationError.of(path, code, reason));
    }

    /** Returns the problems reported so far. */
    public List<ValidationError> list() {
        return errors;
    }

    /** Returns whether nothing was reported. */
    public boolean isEmpty() {
        return errors.isEmpty();
    }

    /** Reports fields of {@code node} that are not in {@code allowed}. */
    public void onlyFields(JsonNode node, String path, Set<String> allowed) {
        for (java.util.Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                add(path + "." + f, ErrorCode.UNKNOWN_FIELD, "unknown field '" + f + "'; expected one of " + allowed);
            }
        }
    }

    /** Returns the object at {@code node}, or null after reporting. */
    public JsonNode object(JsonNode node, String path) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (!node.isObject()) {
            add(path, ErrorCode.WRONG_TYPE, "must be an object");
            return null;
        }
        return node;
    }

    /**
     * Returns the object field {@code field} of {@code parent}, or null after reporting a wrong type
     * or (when required) its absence; an explicit null is absent.
     */
    public JsonNode object(JsonNode parent, String field, String path, boolean required) {
        JsonNode n = parent.get(field);
        if (required && (n == null || n.isNull())) {
            add(path + "." + field, ErrorCode.REQUIRED, "'" + field + "' is required");
            return null;
        }
        return object(n, path + "." + field);
    }

    /** Returns the array at {@code node} (empty when absent), or null after reporting a wrong type. */
    public JsonNode array(JsonNode node, String path) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        }
        if (!node.isArray()) {
            add(path, ErrorCode.WRONG_TYPE, "must be an array");
            return null;
        }
        return node;
    }

    /** Returns a string field, or null after reporting (when required) a missing or wrong value. */
    public String string(JsonNode parent, String field, String path, boolean required) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                add(path + "." + field, ErrorCode.REQUIRED, "'" + field + "' is required");
            }
            return null;
        }
        if (!n.isTextual()) {
            add(path + "." + field, ErrorCode.WRONG_TYPE, "'" + field + "' must be a string");
            return null;
        }
        return n.asText();
    }

    /** Returns a name field checked against the naming rule, or null after reporting. */
    public String name(JsonNode parent, String field, String path, boolean required) {
        String s = string(parent, field, path, required);
        if (s != null && !isName(s)) {
            add(path + "." + field, ErrorCode.BAD_NAME, "'" + s + "' is not a valid name: 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit");
            return null;
        }
        return s;
    }

    /** Reads an integer in [min, max]; returns null after reporting WRONG_TYPE or BAD_VALUE at {@code path}. */
    public Integer bounded(JsonNode n, String path, int min, int max) {
        if (n == null || !n.isIntegralNumber()) {
            add(path, ErrorCode.WRONG_TYPE, "must be an integer " + min + "-" + max);
            return null;
        }
        long v = n.canConvertToLong() ? n.asLong() : Long.MIN_VALUE;
        if (v < min || v > max) {
            add(path, ErrorCode.BAD_VALUE, n.asText() + " is outside " + min + "-" + max);
            return null;
        }
        return (int) v;
    }

    /** Returns a boolean field, its default when absent, after reporting a wrong type. */
    public boolean bool(JsonNode parent, String field, String path, boolean dflt) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isBoolean()) {
            add(path + "." + field, ErrorCode.WRONG_TYPE, "'" + field + "' must be true or false");
            return dflt;
        }
        return n.asBoolean();
    }
}
