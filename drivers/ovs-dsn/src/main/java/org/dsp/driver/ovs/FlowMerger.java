package org.dsp.driver.ovs;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

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

    /** Clauses in the order their conjunction actions are written: by conjunction id, then clause number. */
    private static final Comparator<Contribution> CLAUSE_ORDER = (a, b) -> {
        int c = Long.compare(a.clause.id(), b.clause.id());
        return c != 0 ? c : Integer.compare(a.clause.clause(), b.clause.clause());
    };

    static DsnFlow merge(DsnFlow.Key key, List<Contribution> contributions) {
        if (contributions == null || contributions.isEmpty()) {
            return null;
        }
        // a flow of conjunctions can hold thousands of clauses: sorted arrays, not a tree set, and the lists made
        // immutable once (List.of), so the flow keeps them without another copy
        String[] labels = new String[contributions.size()];
        int n = 0;
        Contribution bestDirect = null;
        for (Contribution c : contributions) {
            labels[n++] = c.owner.label();
            if (!c.isClause() && (bestDirect == null || ORDER.compare(c, bestDirect) < 0)) {
                bestDirect = c;
            }
        }
        List<String> owners = distinctSorted(labels);
        if (bestDirect != null) {
            return new DsnFlow(key, bestDirect.actions, bestDirect.cookie, owners);
        }
        Contribution[] sorted = contributions.toArray(new Contribution[0]);
        Arrays.sort(sorted, CLAUSE_ORDER);
        DsnAction[] actions = new DsnAction[sorted.length];
        int a = 0;
        DsnAction last = null;
        for (Contribution c : sorted) {
            if (!c.clause.equals(last)) {
                actions[a++] = c.clause;
                last = c.clause;
            }
        }
        return new DsnFlow(key, List.of(a == actions.length ? actions : Arrays.copyOf(actions, a)), sorted[0].cookie, owners);
    }

    /** The strings sorted, each once, as an immutable list ({@code labels} is sorted in place). */
    private static List<String> distinctSorted(String[] labels) {
        Arrays.sort(labels);
        int k = 0;
        for (int i = 0; i < labels.length; i++) {
            if (k == 0 || !labels[i].equals(labels[k - 1])) {
                labels[k++] = labels[i];
            }
        }
        return List.of(k == labels.length ? labels : Arrays.copyOf(labels, k));
    }
}
