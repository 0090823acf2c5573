package org.dsp.app.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.dsp.codec.ErrorCode;
import org.dsp.codec.InvalidDocumentException;
import org.dsp.codec.ValidationError;

/**
 * One named firewall rule put into or taken out of a tenant document, as a pure edit of the
 * document's JSON ({@code firewall.<tier>} is a list of rules named by their {@code name}). The
 * edited document then goes through the same validation and versioned, all-or-nothing apply as a
 * whole-document PUT, so a rule-level change can do nothing a document could not.
 */
final class RuleEdit {
    /** What an edit did: the rule was added, replaced in place (or moved), or removed. */
    enum Kind {
        ADDED, REPLACED, REMOVED
    }

    private final ObjectNode document;
    private final Kind kind;
    private final int position;

    private RuleEdit(ObjectNode document, Kind kind, int position) {
        this.document = document;
        this.kind = kind;
        this.position = position;
    }

    /** The edited document (a copy: the input is not changed). */
    ObjectNode document() {
        return document;
    }

    /** Whether the rule was added, replaced or removed. */
    Kind kind() {
        return kind;
    }

    /** The rule's index in its tier after the edit (for a removal: the index it had). */
    int position() {
        return position;
    }

    /** The audit summary of the edit, e.g. {@code firewall.tenant: +web-in (at 3)}. */
    String summary(String tier, String name) {
        char sign = kind == Kind.ADDED ? '+' : kind == Kind.REMOVED ? '-' : '~';
        return "firewall." + tier + ": " + sign + name + " (at " + position + ")";
    }

    /**
     * Puts {@code rule} as rule {@code name} of {@code tier}: an existing rule of that name is
     * replaced where it stands (or moved before {@code before} when that is given); a new one goes
     * before {@code before}, or last.
     *
     * @throws InvalidDocumentException when the rule is not an object, names another rule, or
     *         {@code before} names no rule of the tier (nothing is edited)
     */
    static RuleEdit put(ObjectNode stored, String tier, String name, JsonNode rule, String before) {
        if (!(rule instanceof ObjectNode)) {
            throw invalid("$", ErrorCode.WRONG_TYPE, "a rule is a JSON object");
        }
        ObjectNode r = ((ObjectNode) rule).deepCopy();
        JsonNode given = r.get("name");
        if (given != null && !name.equals(given.asText(null))) {
            throw invalid("$.name", ErrorCode.BAD_VALUE, "the rule's name '" + given.asText() + "' does not match the URL's '" + name + "'");
        }
        if (given == null) {
            ObjectNode named = Json.object().put("name", name);
            named.setAll(r);
            r = named;
        }
        ObjectNode doc = stored.deepCopy();
        JsonNode fw = doc.get("firewall");
        if (fw != null && !fw.isObject()) {
            throw invalid("$.firewall", ErrorCode.WRONG_TYPE, "the stored document's firewall section is not an object");
        }
        ObjectNode section = fw == null ? doc.putObject("firewall") : (ObjectNode) fw;
        JsonNode t = section.get(tier);
        if (t != null && !t.isArray()) {
            throw invalid("$.firewall." + tier, ErrorCode.WRONG_TYPE, "the stored tier is not a list");
        }
        ArrayNode rules = t == null ? section.putArray(tier) : (ArrayNode) t;
        int at = indexOf(rules, name);
        if (before != null && before.equals(name)) {
            throw invalid("before", ErrorCode.BAD_VALUE, "a rule cannot be placed before itself");
        }
        if (at >= 0 && before == null) {
            rules.set(at, r);
            return new RuleEdit(doc, Kind.REPLACED, at);
        }
        if (at >= 0) {
            rules.remove(at);
        }
        int to = rules.size();
        if (before != null) {
            to = indexOf(rules, before);
            if (to < 0) {
                throw invalid("before", ErrorCode.BAD_VALUE, "no rule '" + before + "' in firewall tier '" + tier + "'");
            }
        }
        rules.insert(to, r);
        return new RuleEdit(doc, at >= 0 ? Kind.REPLACED : Kind.ADDED, to);
    }

    /** Removes rule {@code name} of {@code tier}; null when the tier holds no such rule. */
    static RuleEdit remove(ObjectNode stored, String tier, String name) {
        JsonNode rules = stored.path("firewall").path(tier);
        int at = rules.isArray() ? indexOf((ArrayNode) rules, name) : -1;
        if (at < 0) {
            return null;
        }
        ObjectNode doc = stored.deepCopy();
        ((ArrayNode) doc.get("firewall").get(tier)).remove(at);
        return new RuleEdit(doc, Kind.REMOVED, at);
    }

    /** Returns rule {@code name} of {@code tier}, or null. */
    static JsonNode find(ObjectNode stored, String tier, String name) {
        JsonNode rules = stored.path("firewall").path(tier);
        int at = rules.isArray() ? indexOf((ArrayNode) rules, name) : -1;
        return at < 0 ? null : rules.get(at);
    }

    private static int indexOf(ArrayNode rules, String name) {
        for (int i = 0; i < rules.size(); i++) {
            if (name.equals(rules.get(i).path("name").asText(null))) {
                return i;
            }
        }
        return -1;
    }

    private static InvalidDocumentException invalid(String path, ErrorCode code, String reason) {
        return new InvalidDocumentException(List.of(ValidationError.of(path, code, reason)));
    }
}
