package org.dsp.firewall;

import java.util.List;
import org.dsp.firewall.model.FirewallSection;
import org.dsp.firewall.model.Rule;
import org.dsp.firewall.model.Tier;
import org.dsp.model.TenantDocument;

/** The firewall section of a document, read and changed through the document's section map. */
public final class Firewall {
    /** The section's key in the tenant document. */
    public static final String KEY = "firewall";

    private Firewall() {
    }

    /** Returns the document's firewall section ({@link FirewallSection#EMPTY} when absent). */
    public static FirewallSection of(TenantDocument doc) {
        FirewallSection s = doc.section(KEY, FirewallSection.class);
        return s == null ? FirewallSection.EMPTY : s;
    }

    /** Returns the ordered rules of a tier. */
    public static List<Rule> rules(TenantDocument doc, Tier tier) {
        return of(doc).rules(tier);
    }

    /** Returns every rule of the document, in evaluation order. */
    public static List<Rule> allRules(TenantDocument doc) {
        return of(doc).allRules();
    }

    private static FirewallSection of(TenantDocument.Builder b) {
        FirewallSection s = b.sectionSoFar(KEY, FirewallSection.class);
        return s == null ? FirewallSection.EMPTY : s;
    }

    /** Appends a rule to a tier of the document being built. */
    public static TenantDocument.Builder rule(TenantDocument.Builder b, Tier tier, Rule r) {
        return b.section(KEY, of(b).withRule(tier, r));
    }

    /** Replaces the rule named like {@code r} in the document being built. */
    public static TenantDocument.Builder replaceRule(TenantDocument.Builder b, Rule r) {
        return b.section(KEY, of(b).replaceRule(r));
    }

    /** Removes the rule named {@code name} from the document being built. */
    public static TenantDocument.Builder removeRule(TenantDocument.Builder b, String name) {
        FirewallSection s = of(b).withoutRule(name);
        return b.section(KEY, s.isEmpty() ? null : s);
    }
}
