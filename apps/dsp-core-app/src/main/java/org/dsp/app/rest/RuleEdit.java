package org.dsp.app.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.dsp.codec.ErrorCode;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.codec.InvalidDocumentException;
import org.dsp.codec.ValidationError;
import org.dsp.model.TenantDocument;

/**
 * One named firewall rule put into or taken out of a tenant document. Two ways with one result: on
 * the document as read ({@link #putRead}, {@link #removeRead}: the firewall's
 * {@link org.dsp.spi.NamedItemLists}, which answers only for a change that checks clean), else as
 * a pure edit of the document's JSON ({@code firewall.<tier>} is a list of rules named by their
 * {@code name}) that then goes through the same validation and versioned, all-or-nothing apply as
 * a whole-document PUT. Where the rule goes is decided once ({@link #placement}) for both, so a
 * rule-level change can do nothing a document could not.
 */
final class RuleEdit {
    /** The section and the field of its lists that rule edits change. */
    static final String SECTION = "firewall";

    /** What an edit did: the rule was added, replaced in place (or moved), or removed. */
    enum Kind {
        ADDED, REPLACED, REMOVED
    }

    /** Where a put takes the rule of its name out (-1: there is none) and where it puts the rule, once that is out. */
    static final class Placement {
        final Kind kind;
        final int removeAt;
        final int insertAt;

        Placement(Kind kind, int removeAt, int insertAt) {
            this.kind = kind;
            this.removeAt = removeAt;
            this.insertAt = insertAt;
        }
    }

    private final ObjectNode document;
    private final TenantDocument read;
    private final JsonNode rule;
    private final Kind kind;
    private final int position;

    private RuleEdit(ObjectNode document, TenantDocument read, JsonNode rule, Kind kind, int position) {
        this.document = document;
        this.read = read;
        this.rule = rule;
        this.kind = kind;
        this.position = position;
    }

    /** The edited document's JSON (the tree the edit was given); null for an edit on the document as read. */
    ObjectNode document() {
        return document;
    }

    /** The edited document as read, for an edit made on it ({@link #putRead}, {@link #removeRead}); else null. */
    TenantDocument read() {
        return read;
    }

    /** The rule as it stands in the edited document (its name set); null for a removal. */
    JsonNode rule() {
        return rule;
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
        ObjectNode r = named((ObjectNode) rule, name);
        ArrayNode rules = t != null ? (ArrayNode) t : (fw == null ? doc.putObject("firewall") : (ObjectNode) fw).putArray(tier);
        Placement p = placement(names(rules), name, before);
        if (p.removeAt >= 0) {
            rules.remove(p.removeAt);
        }
        rules.insert(p.insertAt, r);
        return new RuleEdit(doc, null, r, p.kind, p.insertAt);
    }

    /**
     * As {@link #put}, on the document as read ({@code codec} read it): the edited document, or null
     * when that cannot be told here - anything that does not check clean, a document without
     * firewall rules yet - and {@link #put} on its JSON is the way.
     */
    static RuleEdit putRead(TenantDocumentCodec codec, TenantDocument doc, String tier, String name, JsonNode rule, String before) {
        if (!(rule instanceof ObjectNode)) {
            return null;
        }
        JsonNode given = rule.get("name");
        if (given != null && !name.equals(given.asText(null))) {
            return null;
        }
        List<String> names = codec.itemNames(doc, SECTION, tier);
        Placement p = names == null ? null : placement(names, name, before);
        if (p == null) {
            return null;
        }
        ObjectNode r = named((ObjectNode) rule, name);
        TenantDocument edited = codec.putItem(doc, SECTION, tier, p.removeAt, p.insertAt, r,
                "$." + SECTION + "." + tier + "[" + p.insertAt + "]");
        return edited == null ? null : new RuleEdit(null, edited, r, p.kind, p.insertAt);
    }

    /** As {@link #remove}, on the document as read: the edited document, or null when {@link #remove} on its JSON is the way (no such rule, too). */
    static RuleEdit removeRead(TenantDocumentCodec codec, TenantDocument doc, String tier, String name) {
        List<String> names = codec.itemNames(doc, SECTION, tier);
        int at = names == null ? -1 : names.indexOf(name);
        TenantDocument edited = at < 0 ? null : codec.removeItem(doc, SECTION, tier, at);
        return edited == null ? null : new RuleEdit(null, edited, null, Kind.REMOVED, at);
    }

    /**
     * Where a put of rule {@code name} goes in a tier whose rules are named {@code names}: the rule
     * of that name is replaced where it stands, or moved before {@code before} when that is given; a
     * new one goes before {@code before}, or last. Null when {@code before} names no other rule.
     */
    static Placement placement(List<String> names, String name, String before) {
        int at = names.indexOf(name);
        if (at >= 0 && before == null) {
            return new Placement(Kind.REPLACED, at, at);
        }
        List<String> rest = new java.util.ArrayList<>(names);
        if (at >= 0) {
            rest.remove(at);
        }
        int to = before == null ? rest.size() : rest.indexOf(before);
        return to < 0 || name.equals(before) ? null : new Placement(at >= 0 ? Kind.REPLACED : Kind.ADDED, at, to);
    }

    /** The rule with its name first: as given when it names itself, else a copy with {@code name} added. */
    private static ObjectNode named(ObjectNode rule, String name) {
        if (rule.get("name") != null) {
            return rule;
        }
        ObjectNode r = Json.object().put("name", name);
        r.setAll(rule);
        return r;
    }

    private static List<String> names(ArrayNode rules) {
        List<String> names = new java.util.ArrayList<>(rules.size());
        for (JsonNode r : rules) {
            names.add(r.path("name").asText(null));
        }
        return names;
    }

    /** Removes rule {@code name} of {@code tier} from {@code doc} (edited in place); null when the tier holds no such rule. */
    static RuleEdit remove(ObjectNode doc, String tier, String name) {
        ArrayNode rules = tier(doc, tier);
        int at = rules == null ? -1 : indexOf(rules, name);
        if (at < 0) {
            return null;
        }
        rules.remove(at);
        return new RuleEdit(doc, null, null, Kind.REMOVED, at);
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
