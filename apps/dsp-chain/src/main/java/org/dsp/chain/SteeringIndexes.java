package org.dsp.chain;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.CRC32;

/**
 * The steering indexes of a tenant's service-function instances (docs/chaining.md, "Metadata"): each
 * (chain, function step, instance) gets an index 1-255, the low byte of its steering id, from its
 * name - a CRC-32 of it modulo 255, plus one - the next free index (wrapping) when another key of
 * the tenant holds that one, the keys taken in name order. So an index does not depend on the
 * order of the chains, steps or instances, and a change of the tenant's chains moves no index but
 * where the keys added or removed collide: another instance's steering id stays what every DSN
 * holds while the change reaches them one by one (with indexes by position, adding an instance to
 * one chain renumbered every instance after it, and a DSN not yet reprogrammed sent another
 * function's packets to it).
 */
final class SteeringIndexes {
    /** The most keys: the indexes 1-255 (0 is the delivery's). */
    static final int MAX = 255;

    private SteeringIndexes() {
    }

    /** The key of an instance of a chain's function step. */
    static String key(String chain, String function, String instance) {
        return chain + "/" + function + "/" + instance;
    }

    /**
     * Assigns each of {@code keys} (distinct, at most {@link #MAX}) its index.
     *
     * @throws IllegalArgumentException with more keys than indexes
     */
    static Map<String, Integer> assign(Iterable<String> keys) {
        TreeSet<String> sorted = new TreeSet<>();
        keys.forEach(sorted::add);
        if (sorted.size() > MAX) {
            throw new IllegalArgumentException(sorted.size() + " service-function instances over the chains; at most " + MAX);
        }
        boolean[] taken = new boolean[MAX + 1];
        Map<String, Integer> out = new HashMap<>();
        for (String k : sorted) {
            int i = preferred(k);
            while (taken[i]) {
                i = i % MAX + 1;
            }
            taken[i] = true;
            out.put(k, i);
        }
        return out;
    }

    /** The index a key takes when no other key holds it: 1-255. */
    static int preferred(String key) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % MAX) + 1;
    }

    /** The keys of the instances of {@code chains}' function steps, in order (a key twice in one chain: its step's position added). */
    static List<String> keys(List<org.dsp.chain.model.Chain> chains) {
        List<String> out = new ArrayList<>();
        for (org.dsp.chain.model.Chain c : chains) {
            for (int s = 0; s < c.steps().size(); s++) {
                org.dsp.chain.model.Step step = c.steps().get(s);
                if (step.function() != null) {
                    for (String x : step.instances()) {
                        out.add(key(c, s, x));
                    }
                }
            }
        }
        return out;
    }

    /** The key of instance {@code x} of step {@code s} of chain {@code c}. */
    static String key(org.dsp.chain.model.Chain c, int s, String x) {
        String function = c.steps().get(s).function();
        int same = 0; // steps before s with the same function and instance: a step repeated in one chain
        for (int t = 0; t < s; t++) {
            org.dsp.chain.model.Step other = c.steps().get(t);
            if (function.equals(other.function()) && other.instances().contains(x)) {
                same++;
            }
        }
        return key(c.name(), same == 0 ? function : function + "#" + same, x);
    }
}
