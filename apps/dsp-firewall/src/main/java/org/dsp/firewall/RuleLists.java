package org.dsp.firewall;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.dsp.codec.DocumentCheck;
import org.dsp.firewall.model.FirewallSection;
import org.dsp.firewall.model.Rule;
import org.dsp.firewall.model.Tier;
import org.dsp.spi.SectionReading;

/**
 * One rule put into or taken out of a tier of the firewall section as read ({@link FirewallCodec}'s
 * {@link org.dsp.spi.NamedItemLists}): the rule API's change without reading all rules again. A put
 * makes the checks {@link FirewallCodec#read} and {@link FirewallCodec#validate} make of the one
 * rule - how it reads, its name unique across the tiers, its tier within its limit, its references
 * - and answers null on any failure, so that the caller reads the whole edited document for the
 * errors.
 */
final class RuleLists {
    private RuleLists() {
    }

    /** The tier of a JSON field name, exactly as the section's reader names it; null for none. */
    static Tier tier(String list) {
        for (Tier t : Tier.values()) {
            if (t.wireName().equals(list)) {
                return t;
            }
        }
        return null;
    }

    static List<String> names(FirewallSection value, String list) {
        Tier t = tier(list);
        if (t == null) {
            return null;
        }
        List<String> names = new ArrayList<>();
        value.rules(t).forEach(r -> names.add(r.name()));
        return names;
    }

    static FirewallSection put(FirewallSection value, String list, int removeAt, int insertAt, JsonNode item, String path,
                               SectionReading reading, DocumentCheck check) {
        Tier t = tier(list);
        if (t == null) {
            return null;
        }
        List<Rule> rules = new ArrayList<>(value.rules(t));
        if (removeAt >= rules.size() || insertAt < 0 || insertAt > rules.size() - (removeAt >= 0 ? 1 : 0)) {
            return null;
        }
        Rule r = new RuleReader(reading.fields()).rule(item, path);
        if (r == null || !reading.fields().problems().isEmpty()) {
            return null;
        }
        for (Tier other : Tier.values()) {
            List<Rule> those = value.rules(other);
            for (int i = 0; i < those.size(); i++) {
                if ((other != t || i != removeAt) && those.get(i).name().equals(r.name())) {
                    return null; // a name used twice: the whole reading says where
                }
            }
        }
        if (removeAt >= 0) {
            rules.remove(removeAt);
        }
        rules.add(insertAt, r);
        if (rules.size() > FirewallCodec.MAX_RULES_PER_TIER) {
            return null;
        }
        FirewallCodec.references(r, check);
        if (!check.problems().isEmpty()) {
            return null;
        }
        return with(value, t, rules);
    }

    static FirewallSection remove(FirewallSection value, String list, int at) {
        Tier t = tier(list);
        if (t == null) {
            throw new IllegalArgumentException("no firewall tier '" + list + "'");
        }
        List<Rule> rules = new ArrayList<>(value.rules(t));
        rules.remove(at);
        FirewallSection s = with(value, t, rules);
        return s.isEmpty() ? null : s;
    }

    private static FirewallSection with(FirewallSection section, Tier t, List<Rule> rules) {
        Map<Tier, List<Rule>> tiers = new EnumMap<>(Tier.class);
        for (Tier each : Tier.values()) {
            tiers.put(each, each == t ? rules : section.rules(each));
        }
        return FirewallSection.of(tiers);
    }
}
