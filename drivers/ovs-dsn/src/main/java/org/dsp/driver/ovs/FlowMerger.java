package org.dsp.driver.ovs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Merges the contributions at one key into the flow the DSN gets. A direct flow wins over
 * conjunction clauses (rules sharing a priority share a verdict, so the packet's fate is the
 * same); among direct flows the lowest owner wins; clauses become one flow with every
 * conjunction action, sorted.
 */
final class FlowMerger {
    private FlowMerger() {
    }

    private static final Comparator<Contribution> ORDER = Comparator
            .comparing((Contribution c) -> c.owner)
            .thenComparingLong(c -> c.cookie);

    static DsnFlow merge(DsnFlow.Key key, List<Contribution> contributions) {
        if (contributions == null || contributions.isEmpty()) {
            return null;
        }
        TreeSet<String> owners = new TreeSet<>();
        Contribution bestDirect = null;
        for (Contribution c : contributions) {
            owners.add(c.owner.label());
            if (!c.isClause() && (bestDirect == null || ORDER.compare(c, bestDirect) < 0)) {
                bestDirect = c;
            }
        }
        if (bestDirect != null) {
            return new DsnFlow(key, bestDirect.actions, bestDirect.cookie, new ArrayList<>(owners));
        }
        List<Contribution> sorted = new ArrayList<>(contributions);
        sorted.sort(Comparator.comparingLong((Contribution c) -> c.clause.id()).thenComparingInt(c -> c.clause.clause()));
        List<DsnAction> actions = new ArrayList<>();
        DsnAction last = null;
        for (Contribution c : sorted) {
            if (!c.clause.equals(last)) {
                actions.add(c.clause);
                last = c.clause;
            }
        }
        return new DsnFlow(key, actions, sorted.get(0).cookie, new ArrayList<>(owners));
    }
}
