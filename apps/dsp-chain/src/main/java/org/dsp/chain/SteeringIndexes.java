package org.dsp.chain;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.CRC32;

/**
 * The steering indexes of a tenant's service-function instances (docs/chaining.md, "Metadata"): each
 * instance - whatever chains and steps name it - gets an index 1-255, the low byte of its steering
 * id, from its name - a CRC-32 of it modulo 255, plus one - the next free index (wrapping) when
 * another instance of the tenant holds that one, the names taken in order. So an index does not
 * depend on the order of the chains, steps or instances, a change of the tenant's chains moves no
 * index but where the instances added or removed collide (another instance's steering id stays what
 * every DSN holds while the change reaches them one by one: with indexes by position, adding an
 * instance to one chain renumbered every instance after it, and a DSN not yet reprogrammed sent
 * another function's packets to it), and chains that share instances share their indexes (the
 * tunnel brings a steering id to the instance's port, whatever chain sent it; the packet that comes
 * back is told by its port and its class).
 */
final class SteeringIndexes {
    /** The most instances: the indexes 1-255 (0 is the delivery's). */
    static final int MAX = 255;

    private SteeringIndexes() {
    }

    /**
     * Assigns each of {@code instances} (distinct, at most {@link #MAX}) its index.
     *
     * @throws IllegalArgumentException with more instances than indexes
     */
    static Map<String, Integer> assign(Iterable<String> instances) {
        TreeSet<String> sorted = new TreeSet<>();
        instances.forEach(sorted::add);
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

    /** The index an instance takes when no other holds it: 1-255. */
    static int preferred(String instance) {
        CRC32 crc = new CRC32();
        crc.update(instance.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % MAX) + 1;
    }

    /** The instances of {@code chains}' function steps, each once, in order of first mention. */
    static Set<String> instances(List<org.dsp.chain.model.Chain> chains) {
        Set<String> out = new LinkedHashSet<>();
        for (org.dsp.chain.model.Chain c : chains) {
            for (org.dsp.chain.model.Step step : c.steps()) {
                if (step.function() != null) {
                    out.addAll(step.instances());
                }
            }
        }
        return out;
    }
}
