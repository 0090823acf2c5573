package org.dsp.driver.ovs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class PortMasksTest {
    @Property(tries = 1000)
    void masksCoverExactlyTheRange(@ForAll @IntRange(min = 0, max = 65535) int a, @ForAll @IntRange(min = 0, max = 65535) int b) {
        int lo = Math.min(a, b);
        int hi = Math.max(a, b);
        List<int[]> masks = PortMasks.of(lo, hi);
        assertTrue(masks.size() <= 30, "at most 2 x 15 pairs for a 16-bit range");
        int[] probes = {lo, hi, lo - 1, hi + 1, (lo + hi) / 2, 0, 65535, lo + 1, hi - 1};
        for (int p : probes) {
            if (p < 0 || p > 65535) {
                continue;
            }
            int covered = 0;
            for (int[] m : masks) {
                if ((p & m[1]) == m[0]) {
                    covered++;
                }
            }
            assertEquals(p >= lo && p <= hi ? 1 : 0, covered, "port " + p + " in [" + lo + "," + hi + "]");
        }
    }
}
