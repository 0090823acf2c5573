package org.dsp.driver.ovs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.dsp.ir.Owner;

/**
 * {@link FlowMerger#merge} gives, for any contributions in any order, the flow the plain
 * definition gives: a direct flow wins (lowest owner, then cookie) with every owner sorted once;
 * otherwise every distinct clause sorted by conjunction id and clause number, the cookie of the
 * first, every owner sorted once. The merger sorts arrays for speed (a target port's flow holds a
 * clause per rule); this checks it against the definition written the slow, obvious way.
 */
class FlowMergerTest {
    private static final DsnFlow.Key KEY = new DsnFlow.Key(Table.CT_STATE, 100, DsnMatch.builder().build());

    @Property(tries = 300)
    void mergesAsTheDefinitionDoes(@ForAll @IntRange(min = 1, max = 400) int size, @ForAll long seed,
                                   @ForAll boolean withDirect) {
        Random rnd = new Random(seed);
        List<Contribution> cs = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            Owner o = Owner.of("t" + rnd.nextInt(3), 7, Owner.Kind.RULE, "r" + rnd.nextInt(size), rnd.nextInt(1000));
            long cookie = rnd.nextInt(50);
            if (withDirect && rnd.nextInt(10) == 0) {
                cs.add(Contribution.direct(KEY, o, List.of(DsnAction.output(1 + rnd.nextInt(4))), cookie));
            } else {
                cs.add(Contribution.clause(KEY, o, (DsnAction.Conjunction) DsnAction.conjunction(rnd.nextInt(size * 2),
                        1 + rnd.nextInt(2), 2), cookie));
            }
        }
        Collections.shuffle(cs, rnd);
        DsnFlow expected = definition(cs);
        DsnFlow merged = FlowMerger.merge(KEY, cs);
        assertEquals(expected.actions(), merged.actions());
        assertEquals(expected.cookie(), merged.cookie());
        assertEquals(expected.owners(), merged.owners());
    }

    /** The merge as first written: a tree set of owners, a sorted copy of the clauses. */
    private static DsnFlow definition(List<Contribution> contributions) {
        TreeSet<String> owners = new TreeSet<>();
        Contribution bestDirect = null;
        Comparator<Contribution> order = Comparator.comparing((Contribution c) -> c.owner).thenComparingLong(c -> c.cookie);
        for (Contribution c : contributions) {
            owners.add(c.owner.label());
            if (!c.isClause() && (bestDirect == null || order.compare(c, bestDirect) < 0)) {
                bestDirect = c;
            }
        }
        if (bestDirect != null) {
            return new DsnFlow(KEY, bestDirect.actions, bestDirect.cookie, new ArrayList<>(owners));
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
        return new DsnFlow(KEY, actions, sorted.get(0).cookie, new ArrayList<>(owners));
    }
}
