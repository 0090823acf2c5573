package org.dsp.firewall;

import org.dsp.firewall.Firewall;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.dsp.codec.DocumentCheck;
import org.dsp.codec.DocumentWriter;
import org.dsp.codec.ErrorCode;
import org.dsp.codec.JsonFields;
import org.dsp.firewall.model.FirewallSection;
import org.dsp.firewall.model.Peer;
import org.dsp.firewall.model.PortSpec;
import org.dsp.firewall.model.Rule;
import org.dsp.firewall.model.Service;
import org.dsp.firewall.model.Tier;
import org.dsp.spi.NamedItemLists;
import org.dsp.spi.SectionCodec;
import org.dsp.spi.SectionReading;

/** The {@code firewall} section: tiers of ordered rules, editable one rule at a time ({@link RuleLists}). */
final class FirewallCodec implements SectionCodec<FirewallSection>, NamedItemLists<FirewallSection> {
    private static final String SCHEMA = SectionCodec.resource(FirewallCodec.class, "firewall.schema.json");
    /** Most rules one tier may hold: each needs its own priority in the tier's table. */
    static final int MAX_RULES_PER_TIER = 30000;

    @Override
    public String key() {
        return Firewall.KEY;
    }

    @Override
    public Class<FirewallSection> type() {
        return FirewallSection.class;
    }

    @Override
    public String schema() {
        return SCHEMA;
    }

    @Override
    public FirewallSection read(JsonNode value, String path, SectionReading reading) {
        JsonFields f = reading.fields();
        JsonNode fw = f.problems().object(value, path);
        if (fw == null) {
            return null;
        }
        Set<String> tierNames = new TreeSet<>();
        for (Tier t : Tier.values()) {
            tierNames.add(t.wireName());
        }
        f.problems().onlyFields(fw, path, tierNames);
        RuleReader reader = new RuleReader(f);
        Map<Tier, List<Rule>> tiers = new EnumMap<>(Tier.class);
        for (Tier t : Tier.values()) {
            String tp = path + "." + t.wireName();
            JsonNode rules = f.problems().array(fw.get(t.wireName()), tp);
            List<Rule> list = new ArrayList<>();
            for (int i = 0; rules != null && i < rules.size(); i++) {
                Rule r = reader.rule(rules.get(i), tp + "[" + i + "]");
                if (r != null) {
                    f.unique("rule", r.name(), f.pathOf(r));
                    list.add(r);
                }
            }
            tiers.put(t, list);
        }
        FirewallSection s = FirewallSection.of(tiers);
        return s.isEmpty() ? null : s;
    }

    @Override
    public void validate(FirewallSection value, String path, DocumentCheck check) {
        for (Tier t : Tier.values()) {
            List<Rule> rules = value.rules(t);
            if (rules.size() > MAX_RULES_PER_TIER) {
                check.problems().add(path + "." + t.wireName(), ErrorCode.TOO_MANY, "tier " + t.wireName() + " has "
                        + rules.size() + " rules; at most " + MAX_RULES_PER_TIER + " fit in its table");
            }
            for (Rule r : rules) {
                references(r, check);
            }
        }
    }

    /** Checks that the groups and endpoints one rule names are defined (reported at the rule's path). */
    static void references(Rule r, DocumentCheck check) {
        String rp = check.pathOf(r);
        check.groupRef(r.appliedTo(), rp + ".appliedTo");
        for (int i = 0; i < r.peers().size(); i++) {
            Peer peer = r.peers().get(i);
            if (peer.kind() == Peer.Kind.GROUP) {
                check.groupRef(peer.name(), rp + ".peers[" + i + "].group");
            } else if (peer.kind() == Peer.Kind.ENDPOINT) {
                check.endpointRef(peer.name(), rp + ".peers[" + i + "].endpoint");
            }
        }
    }

    @Override
    public List<String> names(FirewallSection value, String list) {
        return RuleLists.names(value, list);
    }

    @Override
    public FirewallSection put(FirewallSection value, String list, int removeAt, int insertAt, JsonNode item, String path,
                               SectionReading reading, DocumentCheck check) {
        return RuleLists.put(value, list, removeAt, insertAt, item, path, reading, check);
    }

    @Override
    public FirewallSection remove(FirewallSection value, String list, int at) {
        return RuleLists.remove(value, list, at);
    }

    @Override
    public JsonNode write(FirewallSection value) {
        return tiers(value, (rules, r) -> rule(rules.addObject(), r));
    }

    /** The section's object: each tier's list, each rule added to it by {@code add}. */
    private static ObjectNode tiers(FirewallSection value, java.util.function.BiConsumer<ArrayNode, Rule> add) {
        ObjectNode fw = JsonNodeFactory.instance.objectNode();
        for (Tier tier : Tier.values()) {
            ArrayNode rules = fw.putArray(tier.wireName());
            for (Rule r : value.rules(tier)) {
                add.accept(rules, r);
            }
        }
        return fw;
    }

    /**
     * Each rule's compact text, for {@link #writeForText}: written once per rule and kept while the
     * rule is (weak keys; equal rules write alike, so an equal rule finds the text too). A one-rule
     * change then writes one rule, not all of them, when the store writes the document.
     */
    private final Map<Rule, RawValue> texts = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());
    private static final ObjectMapper TEXT = new ObjectMapper();

    @Override
    public JsonNode writeForText(FirewallSection value) {
        return tiers(value, (rules, r) -> rules.addRawValue(texts.computeIfAbsent(r, FirewallCodec::text)));
    }

    private static RawValue text(Rule r) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        rule(o, r);
        try {
            return new RawValue(TEXT.writeValueAsString(o));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void rule(ObjectNode o, Rule r) {
        o.put("name", r.name());
        o.put("direction", r.direction().wireName());
        o.put("appliedTo", r.appliedTo());
        if (!r.peers().isEmpty()) {
            ArrayNode peers = o.putArray("peers");
            for (Peer p : r.peers()) {
                ObjectNode po = peers.addObject();
                switch (p.kind()) {
                    case GROUP:
                        po.put("group", p.name());
                        break;
                    case ENDPOINT:
                        po.put("endpoint", p.name());
                        break;
                    default:
                        DocumentWriter.cidr(po, p.cidr());
                }
            }
        }
        if (!r.services().isEmpty()) {
            ArrayNode svcs = o.putArray("services");
            for (Service s : r.services()) {
                ObjectNode so = svcs.addObject().put("protocol", s.protocol().wireName());
                if (!s.ports().isEmpty()) {
                    ArrayNode ports = so.putArray("ports");
                    for (PortSpec ps : s.ports()) {
                        if (ps.isNamed()) {
                            ports.add(ps.name());
                        } else if (ps.first() == ps.last()) {
                            ports.add(ps.first());
                        } else {
                            ports.add(ps.first() + "-" + ps.last());
                        }
                    }
                }
            }
        }
        o.put("action", r.action().wireName());
        o.put("stateful", r.stateful());
        o.put("log", r.log());
        o.put("onChange", r.onChange().wireName());
    }

    /**
     * Shares every rule equal to the previous section's rule of that name in the same tier (a rule
     * writes exactly as its fields say: equal rules are written alike); one rule changed, the others
     * are kept.
     */
    @Override
    public FirewallSection share(FirewallSection value, FirewallSection previous) {
        if (previous == null) {
            return value;
        }
        Map<Tier, List<Rule>> tiers = new EnumMap<>(Tier.class);
        boolean same = true;
        for (Tier t : Tier.values()) {
            Map<String, Rule> before = new java.util.HashMap<>();
            for (Rule r : previous.rules(t)) {
                before.put(r.name(), r);
            }
            List<Rule> rules = value.rules(t);
            List<Rule> shared = new ArrayList<>(rules.size());
            for (Rule r : rules) {
                Rule b = before.get(r.name());
                shared.add(r.equals(b) ? b : r);
            }
            same &= shared.equals(previous.rules(t));
            tiers.put(t, shared);
        }
        return same ? previous : FirewallSection.of(tiers);
    }

    @Override
    public boolean isEmpty(FirewallSection value) {
        return value.isEmpty();
    }

    @Override
    public String describe(FirewallSection value) {
        return value.allRules().size() + " rule(s)";
    }

}
