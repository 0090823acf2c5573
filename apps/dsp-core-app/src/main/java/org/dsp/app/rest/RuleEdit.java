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

    /** The edited document (the tree the edit was given). */
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
     * Puts {@code rule} as rule {@code name} of {@code tier} into {@code doc} (the caller's own
     * tree, edited in place): an existing rule of that name is replaced where it stands (or moved
     * before {@code before} when that is given); a new one goes before {@code before}, or last.
     *
     * @throws InvalidDocumentException when the rule is not an object, names another rule, or
     *         {@code before} names no other rule of the tier (checked before anything is edited)
     */
    static RuleEdit put(ObjectNode doc, String tier, String name, JsonNode rule, String before) {
        if (!(rule instanceof ObjectNode)) {
            throw invalid("$", ErrorCode.WRONG_TYPE, "a rule is a JSON object");
        }
        JsonNode given = rule.get("name");
        if (given != null && !name.equals(given.asText(null))) {
            throw invalid("$.name", ErrorCode.BAD_VALUE, "the rule's name '" + given.asText() + "' does not match the URL's '" + name + "'");
        }
        JsonNode fw = doc.get("firewall");
        if (fw != null && !fw.isObject()) {
            throw invalid("$.firewall", ErrorCode.WRONG_TYPE, "the stored document's firewall section is not an object");
        }
        JsonNode t = fw == null ? null : fw.get(tier);
        if (t != null && !t.isArray()) {
            throw invalid("$.firewall." + tier, ErrorCode.WRONG_TYPE, "the stored tier is not a list");
        }
        if (before != null && before.equals(name)) {
            throw invalid("before", ErrorCode.BAD_VALUE, "a rule cannot be placed before itself");
        }
        if (before != null && (t == null || indexOf((ArrayNode) t, before) < 0)) {
            throw invalid("before", ErrorCode.BAD_VALUE, "no rule '" + before + "' in firewall tier '" + tier + "'");
        }
        ObjectNode r = (ObjectNode) rule;
        if (given == null) {
            r = Json.object().put("name", name);
            r.setAll((ObjectNode) rule);
        }
        ArrayNode rules = t != null ? (ArrayNode) t : (fw == null ? doc.putObject("firewall") : (ObjectNode) fw).putArray(tier);
        int at = indexOf(rules, name);
        if (at >= 0 && before == null) {
            rules.set(at, r);
            return new RuleEdit(doc, Kind.REPLACED, at);
        }
        if (at >= 0) {
            rules.remove(at);
        }
        int to = before == null ? rules.size() : indexOf(rules, before);
        rules.insert(to, r);
        return new RuleEdit(doc, at >= 0 ? Kind.REPLACED : Kind.ADDED, to);
    }

    /** Removes rule {@code name} of {@code tier} from {@code doc} (edited in place); null when the tier holds no such rule. */
    static RuleEdit remove(ObjectNode doc, String tier, String name) {
        ArrayNode rules = tier(doc, tier);
        int at = rules == null ? -1 : indexOf(rules, name);
        if (at < 0) {
            return null;
        }
        rules.remove(at);
        return new RuleEdit(doc, Kind.REMOVED, at);
    }

    /** Returns rule {@code name} of {@code tier}, or null. */
    static JsonNode find(ObjectNode doc, String tier, String name) {
        ArrayNode rules = tier(doc, tier);
        int at = rules == null ? -1 : indexOf(rules, name);
        return at < 0 ? null : rules.get(at);
    }

    /** The rules of a tier, or null when the document has none there. */
    private static ArrayNode tier(ObjectNode doc, String tier) {
        JsonNode rules = doc.path("firewall").path(tier);
        return rules.isArray() ? (ArrayNode) rules : null;
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
